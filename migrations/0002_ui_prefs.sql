-- Jishi (集市) migration 0002: per-account TUI preferences (mouse tracking, colour theme).
-- ui_mouse 1 lets the TUI switch on mouse tracking, ui_theme picks its colours
-- (auto follows the terminal). One statement per column: both stores accept that form.
ALTER TABLE users ADD COLUMN ui_mouse INTEGER NOT NULL DEFAULT 1 CHECK (ui_mouse IN (0,1));
ALTER TABLE users ADD COLUMN ui_theme TEXT NOT NULL DEFAULT 'auto'
  CHECK (ui_theme IN ('auto','dark','light','mono'));

-- session_end_pid closes the open rows of one host and pid when the master reaps a child.
CREATE INDEX sessions_open_host_pid ON sessions (host, pid) WHERE ended_at IS NULL;
