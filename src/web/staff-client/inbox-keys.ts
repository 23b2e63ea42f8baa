// Keyboard navigation in the queue: j / k move between rows (the current row gets the focus and a
// visible outline), Enter or o opens it, x selects it for bulk actions. Keys typed into a form
// field are left alone.
export function enhanceInboxKeys(table: HTMLElement, rows: HTMLTableRowElement[]): void {
  let current = -1;
  const moveTo = (index: number) => {
    if (rows.length === 0) return;
    current = Math.max(0, Math.min(rows.length - 1, index));
    rows.forEach((row, i) => row.classList.toggle('current', i === current));
    rows[current]!.focus();
  };
  rows.forEach((row, i) => row.addEventListener('focus', () => {
    current = i;
    rows.forEach((r, j) => r.classList.toggle('current', j === i));
  }));
  document.addEventListener('keydown', (event) => {
    if (event.ctrlKey || event.metaKey || event.altKey) return;
    const target = event.target as HTMLElement;
    if (target.closest('input, select, textarea, button') && !target.classList.contains('select-tip')) return;
    const row = rows[current];
    switch (event.key) {
      case 'j': moveTo(current + 1); break;
      case 'k': moveTo(current - 1); break;
      case 'o':
      case 'Enter':
        if (!row || (event.key === 'Enter' && target.closest('a, input'))) return;
        location.assign(row.dataset.href!);
        break;
      case 'x': {
        const box = row?.querySelector<HTMLInputElement>('input.select-tip');
        if (!box) return;
        box.checked = !box.checked;
        box.dispatchEvent(new Event('change', { bubbles: true }));
        break;
      }
      default: return;
    }
    event.preventDefault();
  });
  table.dataset.keys = 'on';
}
