// What the tip page shows, as src/http/staff-page-tip.ts hands it over. Every byte field is
// base64 ciphertext for the bundle to open; the server holds no key to any of it.
import type { DraftStatus } from '../../domain/drafts/drafts.ts';
import type { TipStatus } from '../../domain/staff/roles.ts';

export interface SealedMessage {
  id: string;
  receivedDay: string;
  keyVersion: number;
  sealedKey: string;
  /** Serialized message part, or null when the server does not inline it (too large). */
  message: string | null;
}

export interface TipView {
  tip: SealedMessage & {
    deskId: string;
    deskName: string;
    status: TipStatus;
    priority: number;
    assigneeId: string | null;
    labels: { id: string; name: string }[];
    urgent: boolean;
    topic: string | null;
  };
  files: { id: string; paddedSize: number; metadata: 'cleaned' | 'unsupported' | 'unknown' | null }[];
  notes: { id: string; authorName: string; createdAt: string; body: string }[];
  /** The source's whole conversation (their tips and the newsroom's replies); null without a codename. */
  conversation: {
    replyPublicKey: string;
    tips: SealedMessage[];
    replies: { id: string; authorName: string; day: string; body: string; sealedForDesk: string; deskKeyVersion: number }[];
  } | null;
  draftLinks: { draftId: string; title: string; status: DraftStatus; note: string | null; linkedByName: string }[];
  /** The viewer's own drafts, to link this tip to. */
  myDrafts: { id: string; title: string }[];
  deskLabels: { id: string; name: string }[];
  members: { id: string; displayName: string }[];
  /** Desks the tip can move to, with the public key the bundle re-seals to. */
  moveTargets: { id: string; name: string; keyVersion: number; publicKey: string }[];
  canTriage: boolean;
}
