// Every limit and timeout of the web client, in one place.

/** WebSocket path, same origin as the page. */
export const SOCKET_PATH = '/ws';
/** HTTP operations are POSTed to API_PREFIX + op. */
export const API_PREFIX = '/api/';

/** A request over the socket that has no answer after this long is rejected with `timeout`. */
export const REQUEST_TIMEOUT_MS = 15_000;
/** Requests on the wire at once per socket; the server allows 32 (PROTOCOL.md "Limits"). */
export const MAX_IN_FLIGHT = 16;
/** Reconnect backoff: first delay, growth factor and ceiling (before jitter). */
export const RECONNECT_BASE_MS = 500;
export const RECONNECT_FACTOR = 2;
export const RECONNECT_MAX_MS = 30_000;
/** Fraction of the delay that is randomised: delay * (1 - JITTER + random * JITTER). */
export const RECONNECT_JITTER = 0.5;
/** A connection that stayed open this long resets the backoff to the first step. */
export const RECONNECT_STABLE_MS = 5_000;

/** Password rules shared with the server (PROTOCOL.md: fewer than 10 characters is weak). */
export const PASSWORD_MIN_LENGTH = 10;
export const PASSWORD_MAX_LENGTH = 1_000;
/** Field lengths from the database schema. */
export const EMAIL_MAX_LENGTH = 254;
export const DISPLAY_NAME_MAX_LENGTH = 100;
export const ORG_NAME_MAX_LENGTH = 200;
export const TEAM_NAME_MAX_LENGTH = 100;
export const TEAM_SLUG_MAX_LENGTH = 40;
export const TEAM_DESCRIPTION_MAX_LENGTH = 2_000;
export const TOKEN_NAME_MAX_LENGTH = 100;
export const FOREIGN_ID_MAX_LENGTH = 64;
/** Nine digits plus the two spaces people often type ("983 974 880"). */
export const ORGNR_INPUT_MAX_LENGTH = 11;

/** Invitation validity in hours (PROTOCOL.md: 1..720, default 168). */
export const INVITE_HOURS_MIN = 1;
export const INVITE_HOURS_MAX = 720;
export const INVITE_HOURS_DEFAULT = 168;

/** How long the "copied" confirmation stays visible. */
export const COPIED_NOTICE_MS = 2_500;
/** Wait assumed when a rate_limited answer carries no retry_after nor Retry-After. */
export const RATE_LIMIT_FALLBACK_SECONDS = 60;
/** Countdown tick while a login is rate limited. */
export const COUNTDOWN_TICK_MS = 1_000;

/** The time zone every date and time is shown in. */
export const DISPLAY_TIME_ZONE = 'Europe/Oslo';

/** localStorage key for the language when nobody is signed in. */
export const LANGUAGE_STORAGE_KEY = 'arena.language';

// ---- Chat (docs/drafts/CHAT_PROTOCOL.md) ----
/** Messages per history page (the server allows 1..200). */
export const CHAT_PAGE_SIZE = 50;
export const CHAT_HISTORY_MAX = 200;
/** Message body limit in UTF-8 bytes (16 KiB). */
export const CHAT_BODY_MAX_BYTES = 16 * 1024;
export const CHAT_TOPIC_MAX_LENGTH = 60;
export const CHANNEL_NAME_MAX_LENGTH = 80;
export const CHANNEL_DESCRIPTION_MAX_LENGTH = 2_000;
/** The server takes one chat.typing per 2 s per socket; we send no more often. */
export const TYPING_SEND_INTERVAL_MS = 2_000;
/** How long "X is typing" stays without a new typing event. */
export const TYPING_SHOW_MS = 6_000;
/** Scrolled within this many pixels of the top loads an older page; of the bottom counts as "at latest". */
export const CHAT_SCROLL_EDGE_PX = 48;
/** Without input for this long the client reports itself idle. */
export const PRESENCE_IDLE_MS = 4 * 60_000;
/** Mention suggestions shown at once. */
export const MENTION_SUGGESTIONS_MAX = 8;
/** Quick reactions offered on every message. */
export const QUICK_REACTIONS: readonly string[] = ['👍', '❤️', '🎉', '✅', '👀'];
/** Notifications fetched for the header list. */
export const NOTIFICATION_LIST_LIMIT = 50;
/** Search results per query. */
export const SEARCH_LIMIT = 50;

// ---- Requirement drafts (docs/PROTOCOL.md, "Requirement drafts") ----
/** Our cursor goes out at most this often (the server drops more than one per 50 ms). */
export const CURSOR_SEND_INTERVAL_MS = 100;
/** Server ops kept to bring positions of older versions forward. */
export const DRAFT_OP_LOG_MAX = 500;
export const DRAFT_TITLE_MAX_LENGTH = 200;
export const DRAFT_TAGS_MAX = 10;
export const DRAFT_TAG_MAX_LENGTH = 40;
/** The text limit in UTF-8 bytes (1 MiB). */
export const DRAFT_TEXT_MAX_BYTES = 1_048_576;
export const COMMENT_BODY_MAX_LENGTH = 4_000;
export const VERSION_LABEL_MAX_LENGTH = 100;
export const STATUS_COMMENT_MAX_LENGTH = 1_000;
/** The preview is rendered at most this often while typing. */
export const DRAFT_PREVIEW_DELAY_MS = 250;
/** Library results per search. */
export const LIBRARY_LIMIT = 50;

// ---- Meetings (docs/PROTOCOL.md, "Meetings") ----
/** Occurrences on the team page's "next meetings" panel (the server allows 1..50). */
export const UPCOMING_MEETINGS_LIMIT = 5;
