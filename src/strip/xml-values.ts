// Classifiers for attribute and text values found in document XML: does this value point into
// someone's file system, or is it the name of a file they had? Such values name user folders
// ("C:\Users\jdoe\..."), machines (UNC shares) and original file names (camera numbering,
// "Screenshot 2024-03-01 at 09.14.png").

/** Schemes that point at the web, not at the author's machine. */
const WEB_REFERENCE = /^(?:https?:|mailto:|ftp:|tel:|#)/i;

/**
 * A file-system reference: file: URLs, drive letters, UNC shares, home-relative paths, absolute
 * POSIX paths under well-known roots, and any Windows-style backslash path.
 */
const LOCAL_PATH = /^\s*(?:file:|[a-z]:[\\/]|\\\\|~[\\/]|\/(?:users|home|root|volumes|mnt|media|private|var|tmp|opt|srv|net|run)(?:\/|$))/i;

/** A user's home folder anywhere in a longer value (connection strings, field codes). */
const USER_FOLDER = /(?:\\{1,2}|\/)(?:users|home|documents and settings)(?:\\{1,2}|\/)[^\\/"';]+/i;

/**
 * A file name with an extension people save pictures, documents and media under:
 * "IMG_0001.JPG", "Screenshot 2024-03-01 at 09.14.png", "report-final.docx".
 */
const FILE_NAME =
  /^[^<>|\r\n]{1,255}\.(?:jpe?g|jfif|png|gif|bmp|tiff?|heic|heif|webp|avif|svg|emf|wmf|ico|psd|ai|eps|raw|dng|cr2|cr3|nef|arw|orf|docx?|docm|dotx?|dotm|xlsx?|xlsm|pptx?|pptm|odt|ods|odp|odg|ott|pdf|rtf|txt|csv|md|pages|numbers|key|mp4|mov|avi|mkv|m4v|mp3|m4a|wav|ogg|zip|eml|msg)$/i;

export function isWebReference(value: string): boolean {
  return value.trim() === '' || WEB_REFERENCE.test(value.trim());
}

export function isLocalPath(value: string): boolean {
  return LOCAL_PATH.test(value);
}

export function containsUserFolder(value: string): boolean {
  return USER_FOLDER.test(value);
}

/** Alt text, titles and object names that are really a path or a file name. */
export function looksLikePathOrFileName(value: string): boolean {
  const text = value.trim();
  if (text === '') return false;
  return isLocalPath(text) || text.includes('\\') || containsUserFolder(text) || FILE_NAME.test(text);
}
