// Typed failures of domain verbs. Handlers map each code to an HTTP status (src/http/errors.ts);
// the CLI prints the message. Messages never carry content, keys or anything about a source.
export type DomainErrorCode =
  | 'unknown_desk'
  | 'desk_exists'
  | 'stale_key'
  | 'unknown_tip'
  | 'bad_upload_token'
  | 'too_many_files'
  | 'file_too_large'
  | 'message_too_large'
  | 'bad_ciphertext_length'
  | 'unknown_upload'
  | 'upload_finished'
  | 'upload_incomplete'
  | 'chunk_index_out_of_range'
  | 'bad_chunk_length'
  | 'invalid_input'
  | 'unknown_codename'
  | 'source_exists'
  | 'conversation_moved'
  | 'pow_required'
  | 'pow_invalid'
  | 'unknown_reply'
  // Staff side
  | 'not_logged_in'
  | 'session_expired'
  | 'bad_csrf'
  | 'forbidden'
  | 'login_failed'
  | 'login_locked'
  | 'invite_invalid'
  | 'username_taken'
  | 'bad_totp'
  | 'unknown_staff'
  | 'unknown_label'
  | 'unknown_draft'
  | 'unknown_rule'
  | 'key_not_granted'
  | 'key_version_retired'
  // Desk key rotation (src/domain/rotation)
  | 'rotation_in_progress'
  | 'rotation_unfinished'
  // Routing and drafts
  | 'rerouted'
  | 'already_linked'
  | 'unknown_link'
  // Triage (src/domain/triage)
  | 'unknown_file'
  | 'label_exists';

export class DomainError extends Error {
  override readonly name = 'DomainError';
  constructor(
    readonly code: DomainErrorCode,
    message: string,
    /** Extra JSON-safe fields for the response body (e.g. the current desk key on `stale_key`). */
    readonly details?: Record<string, unknown>,
  ) {
    super(message);
  }
}
