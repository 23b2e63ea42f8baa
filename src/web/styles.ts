// /static/app.css, kept as a module string so that every runtime (Node, Workers) serves it
// without a file system. System fonts only (no downloads that a network could notice), with
// fallbacks that cover Hangul and Han characters; fluid widths down to 320 px. Per language
// (<html lang>), that language's fonts come first: Han characters shared by Chinese and Korean
// are drawn differently in each, and a Korean font for Chinese text (or the reverse) reads as
// foreign. Korean breaks lines between words (keep-all), as Korean readers expect; Chinese
// breaks between any two characters, which is its normal.
export const APP_CSS = `
:root {
  --text: #1d1d1f; --muted: #555; --bg: #fdfdfb; --line: #c9c9c4; --accent: #1f4e79; --notice: #fff4d6;
  font-family: system-ui, -apple-system, "Segoe UI", Roboto, "Noto Sans", "Helvetica Neue", Arial,
    "Apple SD Gothic Neo", "Malgun Gothic", "Noto Sans CJK KR", "PingFang SC", "Hiragino Sans GB",
    "Microsoft YaHei", "Noto Sans CJK SC", "Source Han Sans", sans-serif;
  font-size: 100%; line-height: 1.55; color: var(--text); background: var(--bg);
}
:root:lang(ko) {
  font-family: "Apple SD Gothic Neo", "Malgun Gothic", "Noto Sans CJK KR", "Noto Sans KR", "Source Han Sans K",
    "Nanum Gothic", system-ui, -apple-system, "Segoe UI", Roboto, "Noto Sans", Arial, sans-serif;
  word-break: keep-all;
}
:root:lang(zh-Hans) {
  font-family: "PingFang SC", "Hiragino Sans GB", "Microsoft YaHei", "Noto Sans CJK SC", "Noto Sans SC",
    "Source Han Sans SC", "WenQuanYi Micro Hei", system-ui, -apple-system, "Segoe UI", Roboto, "Noto Sans", Arial, sans-serif;
}
@media (prefers-color-scheme: dark) {
  :root { --text: #ececea; --muted: #b5b5b0; --bg: #161617; --line: #4a4a48; --accent: #9cc3e6; --notice: #3a3220; }
}
*, *::before, *::after { box-sizing: border-box; }
/* anywhere, not break-word: a long unbroken name (a file, a desk) must not widen the page. */
body { margin: 0; min-width: 0; overflow-wrap: anywhere; }
header, main, footer { max-width: 42rem; margin: 0 auto; padding: 1rem; }
header { border-bottom: 1px solid var(--line); }
footer { border-top: 1px solid var(--line); color: var(--muted); font-size: 0.9rem; }
footer nav { display: flex; flex-wrap: wrap; gap: 0.5rem 1.5rem; }
/* The language menu: one short line above the newsroom's name, wrapping on a narrow screen. */
.languages ul { display: flex; flex-wrap: wrap; gap: 0.25rem 1rem; list-style: none; margin: 0 0 0.5rem; padding: 0; font-size: 0.9rem; }
.languages a[aria-current] { color: inherit; font-weight: 600; text-decoration: none; }
a { color: var(--accent); }
.brand { display: inline-flex; align-items: center; gap: 0.75rem; font-weight: 600; text-decoration: none; font-size: 1.1rem; }
.brand img { max-height: 2.5rem; max-width: 10rem; }
img { max-width: 100%; height: auto; }
h1 { font-size: 1.6rem; line-height: 1.25; margin: 1rem 0; }
h2 { font-size: 1.2rem; margin: 1.75rem 0 0.5rem; }
.intro { font-size: 1.05rem; }
.hint { display: block; color: var(--muted); font-size: 0.92rem; margin: 0.15rem 0 0.4rem; }
.field label { display: block; font-weight: 600; }
.field.check { display: flex; gap: 0.6rem; align-items: flex-start; }
.field.check label { font-weight: normal; }
.field.check input { margin-top: 0.35rem; flex: none; }
textarea, input[type="text"], input[type="file"] {
  display: block; width: 100%; max-width: 100%; font: inherit; color: inherit; background: transparent;
  border: 1px solid var(--line); border-radius: 4px; padding: 0.5rem;
}
textarea { min-height: 12rem; resize: vertical; }
button {
  font: inherit; font-weight: 600; padding: 0.6rem 1.2rem; border-radius: 4px; cursor: pointer;
  border: 1px solid var(--accent); background: var(--accent); color: var(--bg); max-width: 100%;
}
button.secondary { background: transparent; color: var(--accent); font-weight: normal; padding: 0.3rem 0.8rem; }
:focus-visible { outline: 3px solid var(--accent); outline-offset: 2px; }
.notice { background: var(--notice); border-left: 4px solid var(--accent); padding: 0.75rem 1rem; }
.codename { border: 2px solid var(--accent); border-radius: 6px; padding: 0 1rem; margin: 1rem 0; }
#codename {
  font-family: ui-monospace, "SFMono-Regular", Menlo, Consolas, "Liberation Mono", monospace;
  font-size: 1.3rem; line-height: 1.8; word-spacing: 0.3em; overflow-wrap: anywhere; user-select: all;
}
#replies { padding-left: 1.25rem; }
.reply { border-bottom: 1px solid var(--line); padding: 0.5rem 0 1rem; }
.reply-day { color: var(--muted); font-size: 0.9rem; margin-bottom: 0.25rem; }
.reply-text { white-space: pre-wrap; overflow-wrap: anywhere; }
.desks { padding-left: 1.25rem; }
.desks p { margin-top: 0.2rem; color: var(--muted); }
progress { width: 100%; }
.skip { position: absolute; left: -10000px; }
.skip:focus { position: static; }
/* The honeypot: out of sight and out of the tab order for people; bots fill it in. */
.hp { position: absolute !important; left: -10000px !important; width: 1px; height: 1px; overflow: hidden; }
`;
