-- Jishi (集市) schema, migration 0001: the complete schema for SQLite and PostgreSQL 15.
--
-- Conventions (see docs/schema.md):
--   * every table has a surrogate key "id" (token ID, replaced by the migrate module),
--     except settings (key) and the PostgreSQL search table gig_search (gig_id)
--   * money is BIGINT fen (1/100 yuan, CNY), never float
--   * timestamps are BIGINT unix seconds UTC, column names end in _at
--   * booleans are INTEGER 0/1 with a CHECK, states are TEXT with a CHECK list
--   * JSON is stored in TEXT
--   * every foreign key column has an index whose first column is that column
--   * dialect sections (sqlite / pg markers) are used only for the search index
-- This file runs inside one transaction: no BEGIN / COMMIT here.

------------------------------------------------------------------------------
-- Accounts and authentication
------------------------------------------------------------------------------

CREATE TABLE users (
  id @ID@,
  handle TEXT NOT NULL UNIQUE
    CHECK (length(handle) BETWEEN 3 AND 32
           AND trim(handle, 'abcdefghijklmnopqrstuvwxyz0123456789_-') = ''
           AND trim(substr(handle, 1, 1), 'abcdefghijklmnopqrstuvwxyz') = ''),
  display_name TEXT NOT NULL CHECK (length(display_name) BETWEEN 1 AND 64),
  is_client INTEGER NOT NULL DEFAULT 1 CHECK (is_client IN (0,1)),
  is_freelancer INTEGER NOT NULL DEFAULT 0 CHECK (is_freelancer IN (0,1)),
  is_admin INTEGER NOT NULL DEFAULT 0 CHECK (is_admin IN (0,1)),
  status TEXT NOT NULL DEFAULT 'active' CHECK (status IN ('active','suspended','deleted')),
  status_reason TEXT,
  suspended_until BIGINT,
  locale TEXT NOT NULL DEFAULT 'zh_CN' CHECK (locale IN ('zh_CN','en')),
  email TEXT UNIQUE,
  password_hash TEXT CHECK (password_hash IS NULL OR password_hash LIKE '$argon2id$%'),
  created_at BIGINT NOT NULL DEFAULT @NOW@,
  updated_at BIGINT NOT NULL DEFAULT @NOW@,
  last_login_at BIGINT,
  deleted_at BIGINT
);
CREATE INDEX users_status ON users (status, id);

CREATE TABLE ssh_keys (
  id @ID@,
  user_id BIGINT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  key_type TEXT NOT NULL CHECK (length(key_type) > 0),
  key_blob TEXT NOT NULL CHECK (length(key_blob) > 0),
  fingerprint TEXT NOT NULL UNIQUE CHECK (fingerprint LIKE 'SHA256:%'),
  label TEXT NOT NULL DEFAULT '',
  created_at BIGINT NOT NULL DEFAULT @NOW@,
  last_used_at BIGINT
);
CREATE INDEX ssh_keys_user ON ssh_keys (user_id);

CREATE TABLE link_codes (
  id @ID@,
  user_id BIGINT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  purpose TEXT NOT NULL DEFAULT 'device_link' CHECK (purpose IN ('device_link','password_reset')),
  code_hash TEXT NOT NULL UNIQUE,
  attempts INTEGER NOT NULL DEFAULT 0 CHECK (attempts >= 0),
  created_at BIGINT NOT NULL DEFAULT @NOW@,
  expires_at BIGINT NOT NULL,
  used_at BIGINT,
  used_key_id BIGINT REFERENCES ssh_keys(id) ON DELETE SET NULL,
  used_remote_addr TEXT
);
CREATE INDEX link_codes_user ON link_codes (user_id, expires_at);
CREATE INDEX link_codes_used_key ON link_codes (used_key_id);

CREATE TABLE auth_failures (
  id @ID@,
  scope TEXT NOT NULL CHECK (scope IN ('addr','account')),
  subject TEXT NOT NULL,
  window_start BIGINT NOT NULL,
  failures INTEGER NOT NULL DEFAULT 0 CHECK (failures >= 0),
  last_at BIGINT NOT NULL DEFAULT @NOW@,
  blocked_until BIGINT,
  UNIQUE (scope, subject, window_start)
);
CREATE INDEX auth_failures_window ON auth_failures (window_start);

CREATE TABLE sessions (
  id @ID@,
  user_id BIGINT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  ssh_key_id BIGINT REFERENCES ssh_keys(id) ON DELETE SET NULL,
  auth_method TEXT NOT NULL CHECK (auth_method IN ('publickey','password','link_code','local')),
  remote_addr TEXT,
  client_version TEXT,
  term TEXT,
  host TEXT,
  pid INTEGER,
  started_at BIGINT NOT NULL DEFAULT @NOW@,
  last_seen_at BIGINT,
  ended_at BIGINT,
  end_reason TEXT
);
CREATE INDEX sessions_user ON sessions (user_id, started_at);
CREATE INDEX sessions_open ON sessions (user_id) WHERE ended_at IS NULL;
CREATE INDEX sessions_key ON sessions (ssh_key_id);

------------------------------------------------------------------------------
-- Uploads (files that arrived by SFTP, quota = sum of size_bytes per user)
------------------------------------------------------------------------------

CREATE TABLE uploads (
  id @ID@,
  user_id BIGINT NOT NULL REFERENCES users(id),
  original_name TEXT NOT NULL,
  stored_name TEXT NOT NULL UNIQUE,
  mime_type TEXT NOT NULL,
  size_bytes BIGINT NOT NULL CHECK (size_bytes >= 0),
  sha256 TEXT NOT NULL CHECK (length(sha256) = 64),
  status TEXT NOT NULL DEFAULT 'active' CHECK (status IN ('active','quarantined','deleted')),
  created_at BIGINT NOT NULL DEFAULT @NOW@,
  deleted_at BIGINT
);
CREATE INDEX uploads_user ON uploads (user_id, status);
CREATE INDEX uploads_sha256 ON uploads (sha256);

------------------------------------------------------------------------------
-- Profiles
------------------------------------------------------------------------------

CREATE TABLE profiles (
  id @ID@,
  user_id BIGINT NOT NULL UNIQUE REFERENCES users(id) ON DELETE CASCADE,
  headline TEXT NOT NULL DEFAULT '',
  bio TEXT NOT NULL DEFAULT '',
  location TEXT NOT NULL DEFAULT '',
  languages TEXT NOT NULL DEFAULT '[]',
  website TEXT,
  avatar_upload_id BIGINT REFERENCES uploads(id) ON DELETE SET NULL,
  pinyin TEXT NOT NULL DEFAULT '',
  pinyin_initials TEXT NOT NULL DEFAULT '',
  response_time_secs BIGINT CHECK (response_time_secs IS NULL OR response_time_secs >= 0),
  online_at BIGINT,
  away_until BIGINT,
  away_message TEXT,
  completion_pct INTEGER NOT NULL DEFAULT 0 CHECK (completion_pct BETWEEN 0 AND 100),
  created_at BIGINT NOT NULL DEFAULT @NOW@,
  updated_at BIGINT NOT NULL DEFAULT @NOW@
);
CREATE INDEX profiles_avatar ON profiles (avatar_upload_id);

CREATE TABLE skills (
  id @ID@,
  name TEXT NOT NULL UNIQUE,
  name_zh TEXT NOT NULL,
  name_en TEXT NOT NULL,
  pinyin TEXT NOT NULL DEFAULT '',
  created_at BIGINT NOT NULL DEFAULT @NOW@
);

CREATE TABLE user_skills (
  id @ID@,
  user_id BIGINT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  skill_id BIGINT NOT NULL REFERENCES skills(id) ON DELETE CASCADE,
  level INTEGER NOT NULL CHECK (level BETWEEN 1 AND 5),
  position INTEGER NOT NULL DEFAULT 0,
  created_at BIGINT NOT NULL DEFAULT @NOW@,
  UNIQUE (user_id, skill_id)
);
CREATE INDEX user_skills_skill ON user_skills (skill_id);

CREATE TABLE portfolio_items (
  id @ID@,
  user_id BIGINT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  title TEXT NOT NULL CHECK (length(title) > 0),
  description TEXT NOT NULL DEFAULT '',
  link TEXT,
  upload_id BIGINT REFERENCES uploads(id) ON DELETE SET NULL,
  position INTEGER NOT NULL DEFAULT 0,
  created_at BIGINT NOT NULL DEFAULT @NOW@,
  updated_at BIGINT NOT NULL DEFAULT @NOW@
);
CREATE INDEX portfolio_items_user ON portfolio_items (user_id, position);
CREATE INDEX portfolio_items_upload ON portfolio_items (upload_id);

CREATE TABLE verifications (
  id @ID@,
  user_id BIGINT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  kind TEXT NOT NULL CHECK (kind IN ('email','phone','real_name')),
  status TEXT NOT NULL DEFAULT 'pending' CHECK (status IN ('pending','verified','rejected','expired')),
  value TEXT,
  value_enc @BLOB@,
  value_masked TEXT,
  code_hash TEXT,
  code_expires_at BIGINT,
  attempts INTEGER NOT NULL DEFAULT 0 CHECK (attempts >= 0),
  reviewed_by BIGINT REFERENCES users(id),
  reject_reason TEXT,
  verified_at BIGINT,
  created_at BIGINT NOT NULL DEFAULT @NOW@,
  updated_at BIGINT NOT NULL DEFAULT @NOW@,
  CHECK (kind <> 'real_name' OR value IS NULL),
  CHECK (status <> 'verified' OR verified_at IS NOT NULL)
);
CREATE INDEX verifications_user ON verifications (user_id, kind, status);
CREATE INDEX verifications_reviewed_by ON verifications (reviewed_by);

CREATE TABLE social_accounts (
  id @ID@,
  user_id BIGINT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  provider TEXT NOT NULL CHECK (length(provider) > 0),
  url TEXT NOT NULL,
  created_at BIGINT NOT NULL DEFAULT @NOW@,
  UNIQUE (user_id, provider)
);

CREATE TABLE user_blocks (
  id @ID@,
  blocker_id BIGINT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  blocked_id BIGINT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  created_at BIGINT NOT NULL DEFAULT @NOW@,
  UNIQUE (blocker_id, blocked_id),
  CHECK (blocker_id <> blocked_id)
);
CREATE INDEX user_blocks_blocked ON user_blocks (blocked_id);

------------------------------------------------------------------------------
-- Ledger (fixed: the ledger code is written against these three tables)
------------------------------------------------------------------------------

CREATE TABLE ledger_accounts (
  id @ID@,
  owner_type TEXT NOT NULL CHECK (owner_type IN ('user','order','platform')),
  owner_id BIGINT NOT NULL DEFAULT 0,
  purpose TEXT NOT NULL,
  currency TEXT NOT NULL DEFAULT 'CNY' CHECK (length(currency) = 3),
  balance BIGINT NOT NULL DEFAULT 0,
  allow_negative INTEGER NOT NULL DEFAULT 0 CHECK (allow_negative IN (0,1)),
  created_at BIGINT NOT NULL DEFAULT @NOW@,
  UNIQUE (owner_type, owner_id, purpose, currency),
  CHECK (allow_negative = 1 OR balance >= 0)
);
CREATE TABLE ledger_tx (
  id @ID@,
  idem_key TEXT NOT NULL UNIQUE,
  request_hash TEXT NOT NULL,
  kind TEXT NOT NULL,
  ref_type TEXT,
  ref_id BIGINT,
  memo TEXT,
  created_at BIGINT NOT NULL DEFAULT @NOW@
);
CREATE INDEX ledger_tx_ref ON ledger_tx (ref_type, ref_id);
CREATE TABLE ledger_postings (
  id @ID@,
  tx_id BIGINT NOT NULL REFERENCES ledger_tx(id),
  account_id BIGINT NOT NULL REFERENCES ledger_accounts(id),
  amount BIGINT NOT NULL CHECK (amount <> 0),
  balance_after BIGINT NOT NULL,
  created_at BIGINT NOT NULL DEFAULT @NOW@
);
CREATE INDEX ledger_postings_tx ON ledger_postings (tx_id);
CREATE INDEX ledger_postings_account ON ledger_postings (account_id, id);

------------------------------------------------------------------------------
-- Catalogue: categories, gigs and their parts
------------------------------------------------------------------------------

CREATE TABLE categories (
  id @ID@,
  parent_id BIGINT REFERENCES categories(id),
  slug TEXT NOT NULL UNIQUE CHECK (length(slug) > 0),
  name_zh TEXT NOT NULL,
  name_en TEXT NOT NULL,
  pinyin TEXT NOT NULL DEFAULT '',
  sort_order INTEGER NOT NULL DEFAULT 0,
  is_active INTEGER NOT NULL DEFAULT 1 CHECK (is_active IN (0,1)),
  created_at BIGINT NOT NULL DEFAULT @NOW@,
  CHECK (parent_id IS NULL OR parent_id <> id)
);
CREATE INDEX categories_parent ON categories (parent_id, sort_order);

CREATE TABLE gigs (
  id @ID@,
  seller_id BIGINT NOT NULL REFERENCES users(id),
  category_id BIGINT NOT NULL REFERENCES categories(id),
  title TEXT NOT NULL CHECK (length(title) BETWEEN 1 AND 200),
  description TEXT NOT NULL DEFAULT '',
  status TEXT NOT NULL DEFAULT 'draft'
    CHECK (status IN ('draft','pending_review','active','paused','rejected','deleted')),
  reject_reason TEXT,
  reviewed_by BIGINT REFERENCES users(id),
  reviewed_at BIGINT,
  pinyin TEXT NOT NULL DEFAULT '',
  pinyin_initials TEXT NOT NULL DEFAULT '',
  rating_avg_x100 INTEGER NOT NULL DEFAULT 0 CHECK (rating_avg_x100 BETWEEN 0 AND 500),
  rating_count BIGINT NOT NULL DEFAULT 0 CHECK (rating_count >= 0),
  orders_count BIGINT NOT NULL DEFAULT 0 CHECK (orders_count >= 0),
  favorites_count BIGINT NOT NULL DEFAULT 0 CHECK (favorites_count >= 0),
  price_from BIGINT NOT NULL DEFAULT 0 CHECK (price_from >= 0),
  delivery_days_min INTEGER NOT NULL DEFAULT 0 CHECK (delivery_days_min >= 0),
  max_active_orders INTEGER CHECK (max_active_orders IS NULL OR max_active_orders > 0),
  created_at BIGINT NOT NULL DEFAULT @NOW@,
  updated_at BIGINT NOT NULL DEFAULT @NOW@,
  published_at BIGINT,
  CHECK (status <> 'rejected' OR reject_reason IS NOT NULL)
);
CREATE INDEX gigs_category_status ON gigs (category_id, status, published_at);
CREATE INDEX gigs_seller_status ON gigs (seller_id, status);
CREATE INDEX gigs_status_published ON gigs (status, published_at);
CREATE INDEX gigs_reviewed_by ON gigs (reviewed_by);

CREATE TABLE gig_packages (
  id @ID@,
  gig_id BIGINT NOT NULL REFERENCES gigs(id) ON DELETE CASCADE,
  tier TEXT NOT NULL CHECK (tier IN ('basic','standard','premium')),
  name TEXT NOT NULL,
  description TEXT NOT NULL DEFAULT '',
  price BIGINT NOT NULL CHECK (price >= 0),
  delivery_days INTEGER NOT NULL CHECK (delivery_days >= 1),
  revisions INTEGER NOT NULL DEFAULT 0 CHECK (revisions >= -1),
  features TEXT NOT NULL DEFAULT '[]',
  created_at BIGINT NOT NULL DEFAULT @NOW@,
  updated_at BIGINT NOT NULL DEFAULT @NOW@,
  UNIQUE (gig_id, tier)
);

CREATE TABLE gig_extras (
  id @ID@,
  gig_id BIGINT NOT NULL REFERENCES gigs(id) ON DELETE CASCADE,
  kind TEXT NOT NULL CHECK (kind IN ('fast_delivery','extra_revision','custom')),
  title TEXT NOT NULL,
  description TEXT NOT NULL DEFAULT '',
  price BIGINT NOT NULL CHECK (price >= 0),
  added_days INTEGER NOT NULL DEFAULT 0,
  position INTEGER NOT NULL DEFAULT 0,
  created_at BIGINT NOT NULL DEFAULT @NOW@,
  CHECK (kind = 'fast_delivery' OR added_days >= 0)
);
CREATE INDEX gig_extras_gig ON gig_extras (gig_id, position);

CREATE TABLE gig_media (
  id @ID@,
  gig_id BIGINT NOT NULL REFERENCES gigs(id) ON DELETE CASCADE,
  upload_id BIGINT NOT NULL REFERENCES uploads(id) ON DELETE CASCADE,
  position INTEGER NOT NULL DEFAULT 0,
  is_cover INTEGER NOT NULL DEFAULT 0 CHECK (is_cover IN (0,1)),
  created_at BIGINT NOT NULL DEFAULT @NOW@,
  UNIQUE (gig_id, upload_id)
);
CREATE INDEX gig_media_upload ON gig_media (upload_id);
CREATE UNIQUE INDEX gig_media_one_cover ON gig_media (gig_id) WHERE is_cover = 1;

CREATE TABLE gig_requirements (
  id @ID@,
  gig_id BIGINT NOT NULL REFERENCES gigs(id) ON DELETE CASCADE,
  question TEXT NOT NULL CHECK (length(question) > 0),
  kind TEXT NOT NULL DEFAULT 'text' CHECK (kind IN ('text','choice','attachment')),
  choices TEXT,
  required INTEGER NOT NULL DEFAULT 1 CHECK (required IN (0,1)),
  position INTEGER NOT NULL DEFAULT 0,
  created_at BIGINT NOT NULL DEFAULT @NOW@,
  CHECK (kind <> 'choice' OR choices IS NOT NULL)
);
CREATE INDEX gig_requirements_gig ON gig_requirements (gig_id, position);

CREATE TABLE gig_tags (
  id @ID@,
  gig_id BIGINT NOT NULL REFERENCES gigs(id) ON DELETE CASCADE,
  tag TEXT NOT NULL CHECK (length(tag) > 0),
  position INTEGER NOT NULL DEFAULT 0,
  UNIQUE (gig_id, tag)
);
CREATE INDEX gig_tags_tag ON gig_tags (tag);

CREATE TABLE gig_faq (
  id @ID@,
  gig_id BIGINT NOT NULL REFERENCES gigs(id) ON DELETE CASCADE,
  question TEXT NOT NULL,
  answer TEXT NOT NULL,
  position INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX gig_faq_gig ON gig_faq (gig_id, position);

-- day = unix seconds of 00:00 Asia/Shanghai (UTC+8) of the counted day
CREATE TABLE gig_stats_daily (
  id @ID@,
  gig_id BIGINT NOT NULL REFERENCES gigs(id) ON DELETE CASCADE,
  day BIGINT NOT NULL,
  impressions BIGINT NOT NULL DEFAULT 0 CHECK (impressions >= 0),
  views BIGINT NOT NULL DEFAULT 0 CHECK (views >= 0),
  order_clicks BIGINT NOT NULL DEFAULT 0 CHECK (order_clicks >= 0),
  orders BIGINT NOT NULL DEFAULT 0 CHECK (orders >= 0),
  revenue BIGINT NOT NULL DEFAULT 0 CHECK (revenue >= 0),
  UNIQUE (gig_id, day)
);
CREATE INDEX gig_stats_daily_day ON gig_stats_daily (day);

CREATE TABLE gig_views (
  id @ID@,
  viewer_id BIGINT REFERENCES users(id) ON DELETE SET NULL,
  gig_id BIGINT NOT NULL REFERENCES gigs(id) ON DELETE CASCADE,
  viewed_at BIGINT NOT NULL DEFAULT @NOW@
);
CREATE INDEX gig_views_viewer ON gig_views (viewer_id, viewed_at);
CREATE INDEX gig_views_gig ON gig_views (gig_id, viewed_at);
CREATE INDEX gig_views_viewed_at ON gig_views (viewed_at);

CREATE TABLE favorites (
  id @ID@,
  user_id BIGINT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  gig_id BIGINT NOT NULL REFERENCES gigs(id) ON DELETE CASCADE,
  created_at BIGINT NOT NULL DEFAULT @NOW@,
  UNIQUE (user_id, gig_id)
);
CREATE INDEX favorites_gig ON favorites (gig_id);

CREATE TABLE search_history (
  id @ID@,
  user_id BIGINT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  query TEXT NOT NULL CHECK (length(query) > 0),
  results BIGINT,
  created_at BIGINT NOT NULL DEFAULT @NOW@
);
CREATE INDEX search_history_user ON search_history (user_id, created_at);

CREATE TABLE search_popular (
  id @ID@,
  query TEXT NOT NULL UNIQUE CHECK (length(query) > 0),
  count BIGINT NOT NULL DEFAULT 0 CHECK (count >= 0),
  updated_at BIGINT NOT NULL DEFAULT @NOW@
);
CREATE INDEX search_popular_count ON search_popular (count);

CREATE TABLE gig_trending (
  id @ID@,
  gig_id BIGINT NOT NULL UNIQUE REFERENCES gigs(id) ON DELETE CASCADE,
  category_id BIGINT NOT NULL REFERENCES categories(id) ON DELETE CASCADE,
  score_x1000 BIGINT NOT NULL DEFAULT 0,
  refreshed_at BIGINT NOT NULL DEFAULT @NOW@
);
CREATE INDEX gig_trending_category ON gig_trending (category_id, score_x1000);
CREATE INDEX gig_trending_score ON gig_trending (score_x1000);

-- Search index. The application tokenizes (ICU words, CJK characters and bigrams,
-- pinyin, initials, NFKC + case folding) and stores space-separated tokens.
-- SQLite 3.40 has no contentless_delete, so gig_fts is a plain FTS5 table whose
-- rowid is the gig id (delete and re-insert the row when a gig changes).
-- @sqlite
CREATE VIRTUAL TABLE gig_fts USING fts5(tokens, tokenize='unicode61 remove_diacritics 0', prefix='2 3');
-- @pg
CREATE TABLE gig_search (
  gig_id BIGINT PRIMARY KEY REFERENCES gigs(id) ON DELETE CASCADE,
  tokens TSVECTOR NOT NULL
);
CREATE INDEX gig_search_tokens ON gig_search USING GIN (tokens);
-- @all

-- Buyer requests: a buyer describes a job, sellers answer with custom offers.
CREATE TABLE buyer_requests (
  id @ID@,
  buyer_id BIGINT NOT NULL REFERENCES users(id),
  category_id BIGINT REFERENCES categories(id),
  title TEXT NOT NULL CHECK (length(title) > 0),
  description TEXT NOT NULL DEFAULT '',
  budget_min BIGINT CHECK (budget_min IS NULL OR budget_min >= 0),
  budget_max BIGINT CHECK (budget_max IS NULL OR budget_max >= 0),
  delivery_days INTEGER CHECK (delivery_days IS NULL OR delivery_days >= 1),
  status TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open','closed','filled','expired','removed')),
  offers_count BIGINT NOT NULL DEFAULT 0 CHECK (offers_count >= 0),
  expires_at BIGINT,
  created_at BIGINT NOT NULL DEFAULT @NOW@,
  updated_at BIGINT NOT NULL DEFAULT @NOW@,
  CHECK (budget_min IS NULL OR budget_max IS NULL OR budget_max >= budget_min)
);
CREATE INDEX buyer_requests_buyer ON buyer_requests (buyer_id, status);
CREATE INDEX buyer_requests_category ON buyer_requests (category_id, status, created_at);
CREATE INDEX buyer_requests_status ON buyer_requests (status, expires_at);

------------------------------------------------------------------------------
-- Orders
------------------------------------------------------------------------------

-- total = subtotal + buyer_fee is what the buyer pays. subtotal goes into escrow.
-- commission is taken from the seller's side when escrow is released.
CREATE TABLE orders (
  id @ID@,
  buyer_id BIGINT NOT NULL REFERENCES users(id),
  seller_id BIGINT NOT NULL REFERENCES users(id),
  gig_id BIGINT REFERENCES gigs(id),
  origin TEXT NOT NULL DEFAULT 'gig' CHECK (origin IN ('gig','offer')),
  package_tier TEXT CHECK (package_tier IS NULL OR package_tier IN ('basic','standard','premium')),
  title TEXT NOT NULL CHECK (length(title) > 0),
  quantity INTEGER NOT NULL DEFAULT 1 CHECK (quantity >= 1),
  payment_mode TEXT NOT NULL DEFAULT 'single' CHECK (payment_mode IN ('single','milestones')),
  subtotal BIGINT NOT NULL CHECK (subtotal >= 0),
  buyer_fee BIGINT NOT NULL DEFAULT 0 CHECK (buyer_fee >= 0),
  commission BIGINT NOT NULL DEFAULT 0 CHECK (commission >= 0),
  total BIGINT NOT NULL CHECK (total >= 0),
  currency TEXT NOT NULL DEFAULT 'CNY' CHECK (length(currency) = 3),
  delivery_days INTEGER NOT NULL CHECK (delivery_days >= 0),
  revisions_allowed INTEGER NOT NULL DEFAULT 0 CHECK (revisions_allowed >= -1),
  revisions_used INTEGER NOT NULL DEFAULT 0 CHECK (revisions_used >= 0),
  state TEXT NOT NULL DEFAULT 'awaiting_payment'
    CHECK (state IN ('awaiting_payment','awaiting_requirements','in_progress','delivered',
                     'revision_requested','completed','cancelled','disputed')),
  is_late INTEGER NOT NULL DEFAULT 0 CHECK (is_late IN (0,1)),
  cancel_reason TEXT,
  idem_key TEXT UNIQUE,
  paid_at BIGINT,
  requirements_submitted_at BIGINT,
  started_at BIGINT,
  due_at BIGINT,
  delivered_at BIGINT,
  auto_accept_at BIGINT,
  accepted_at BIGINT,
  cleared_at BIGINT,
  cancelled_at BIGINT,
  created_at BIGINT NOT NULL DEFAULT @NOW@,
  updated_at BIGINT NOT NULL DEFAULT @NOW@,
  CHECK (buyer_id <> seller_id),
  CHECK (total = subtotal + buyer_fee),
  CHECK (commission <= subtotal),
  CHECK (revisions_allowed = -1 OR revisions_used <= revisions_allowed),
  CHECK (origin <> 'gig' OR gig_id IS NOT NULL),
  CHECK (state <> 'completed' OR accepted_at IS NOT NULL),
  CHECK (state <> 'cancelled' OR cancelled_at IS NOT NULL)
);
CREATE INDEX orders_buyer_state ON orders (buyer_id, state, id);
CREATE INDEX orders_seller_state ON orders (seller_id, state, id);
CREATE INDEX orders_gig ON orders (gig_id);
CREATE INDEX orders_state_due ON orders (state, due_at);
CREATE INDEX orders_auto_accept ON orders (auto_accept_at) WHERE state = 'delivered';
CREATE INDEX orders_to_clear ON orders (accepted_at) WHERE state = 'completed' AND cleared_at IS NULL;

CREATE TABLE order_items (
  id @ID@,
  order_id BIGINT NOT NULL REFERENCES orders(id),
  kind TEXT NOT NULL CHECK (kind IN ('package','extra','custom')),
  gig_extra_id BIGINT REFERENCES gig_extras(id) ON DELETE SET NULL,
  title TEXT NOT NULL,
  unit_price BIGINT NOT NULL CHECK (unit_price >= 0),
  quantity INTEGER NOT NULL DEFAULT 1 CHECK (quantity >= 1),
  line_total BIGINT NOT NULL CHECK (line_total >= 0),
  added_days INTEGER NOT NULL DEFAULT 0,
  added_revisions INTEGER NOT NULL DEFAULT 0,
  position INTEGER NOT NULL DEFAULT 0,
  CHECK (line_total = unit_price * quantity)
);
CREATE INDEX order_items_order ON order_items (order_id, position);
CREATE INDEX order_items_extra ON order_items (gig_extra_id);

CREATE TABLE order_requirement_answers (
  id @ID@,
  order_id BIGINT NOT NULL REFERENCES orders(id),
  requirement_id BIGINT REFERENCES gig_requirements(id) ON DELETE SET NULL,
  question TEXT NOT NULL,
  kind TEXT NOT NULL DEFAULT 'text' CHECK (kind IN ('text','choice','attachment')),
  answer TEXT NOT NULL DEFAULT '',
  upload_id BIGINT REFERENCES uploads(id),
  position INTEGER NOT NULL DEFAULT 0,
  created_at BIGINT NOT NULL DEFAULT @NOW@
);
CREATE INDEX order_requirement_answers_order ON order_requirement_answers (order_id, position);
CREATE INDEX order_requirement_answers_req ON order_requirement_answers (requirement_id);
CREATE INDEX order_requirement_answers_upload ON order_requirement_answers (upload_id);

CREATE TABLE milestones (
  id @ID@,
  order_id BIGINT NOT NULL REFERENCES orders(id),
  seq INTEGER NOT NULL CHECK (seq >= 1),
  title TEXT NOT NULL DEFAULT '',
  description TEXT NOT NULL DEFAULT '',
  amount BIGINT NOT NULL CHECK (amount > 0),
  delivery_days INTEGER CHECK (delivery_days IS NULL OR delivery_days >= 0),
  due_at BIGINT,
  state TEXT NOT NULL DEFAULT 'pending'
    CHECK (state IN ('pending','funded','delivered','accepted','released','refunded','cancelled')),
  funded_at BIGINT,
  delivered_at BIGINT,
  accepted_at BIGINT,
  released_at BIGINT,
  created_at BIGINT NOT NULL DEFAULT @NOW@,
  updated_at BIGINT NOT NULL DEFAULT @NOW@,
  UNIQUE (order_id, seq)
);
CREATE INDEX milestones_state_due ON milestones (state, due_at);

CREATE TABLE deliveries (
  id @ID@,
  order_id BIGINT NOT NULL REFERENCES orders(id),
  milestone_id BIGINT REFERENCES milestones(id),
  seller_id BIGINT NOT NULL REFERENCES users(id),
  message TEXT NOT NULL DEFAULT '',
  created_at BIGINT NOT NULL DEFAULT @NOW@
);
CREATE INDEX deliveries_order ON deliveries (order_id, id);
CREATE INDEX deliveries_milestone ON deliveries (milestone_id);
CREATE INDEX deliveries_seller ON deliveries (seller_id);

CREATE TABLE delivery_files (
  id @ID@,
  delivery_id BIGINT NOT NULL REFERENCES deliveries(id) ON DELETE CASCADE,
  upload_id BIGINT NOT NULL REFERENCES uploads(id),
  position INTEGER NOT NULL DEFAULT 0,
  UNIQUE (delivery_id, upload_id)
);
CREATE INDEX delivery_files_upload ON delivery_files (upload_id);

CREATE TABLE revisions (
  id @ID@,
  order_id BIGINT NOT NULL REFERENCES orders(id),
  delivery_id BIGINT NOT NULL REFERENCES deliveries(id),
  requested_by BIGINT NOT NULL REFERENCES users(id),
  reason TEXT NOT NULL CHECK (length(reason) > 0),
  created_at BIGINT NOT NULL DEFAULT @NOW@
);
CREATE INDEX revisions_order ON revisions (order_id, id);
CREATE INDEX revisions_delivery ON revisions (delivery_id);
CREATE INDEX revisions_requested_by ON revisions (requested_by);

CREATE TABLE cancellation_requests (
  id @ID@,
  order_id BIGINT NOT NULL REFERENCES orders(id),
  requested_by BIGINT NOT NULL REFERENCES users(id),
  reason TEXT NOT NULL CHECK (length(reason) > 0),
  state TEXT NOT NULL DEFAULT 'pending' CHECK (state IN ('pending','accepted','declined','expired','withdrawn')),
  responded_by BIGINT REFERENCES users(id),
  responded_at BIGINT,
  expires_at BIGINT NOT NULL,
  created_at BIGINT NOT NULL DEFAULT @NOW@
);
CREATE INDEX cancellation_requests_order ON cancellation_requests (order_id, id);
CREATE UNIQUE INDEX cancellation_requests_one_pending ON cancellation_requests (order_id) WHERE state = 'pending';
CREATE INDEX cancellation_requests_requested_by ON cancellation_requests (requested_by);
CREATE INDEX cancellation_requests_responded_by ON cancellation_requests (responded_by);
CREATE INDEX cancellation_requests_expiry ON cancellation_requests (state, expires_at);

CREATE TABLE disputes (
  id @ID@,
  order_id BIGINT NOT NULL REFERENCES orders(id),
  opened_by BIGINT NOT NULL REFERENCES users(id),
  reason TEXT NOT NULL CHECK (length(reason) > 0),
  state TEXT NOT NULL DEFAULT 'open' CHECK (state IN ('open','resolved','withdrawn')),
  resolution TEXT CHECK (resolution IS NULL OR resolution IN ('refund','release','split')),
  buyer_amount BIGINT NOT NULL DEFAULT 0 CHECK (buyer_amount >= 0),
  seller_amount BIGINT NOT NULL DEFAULT 0 CHECK (seller_amount >= 0),
  decision TEXT,
  resolved_by BIGINT REFERENCES users(id),
  resolved_at BIGINT,
  ledger_tx_id BIGINT UNIQUE REFERENCES ledger_tx(id),
  created_at BIGINT NOT NULL DEFAULT @NOW@,
  updated_at BIGINT NOT NULL DEFAULT @NOW@,
  CHECK (state <> 'resolved'
         OR (resolution IS NOT NULL AND resolved_by IS NOT NULL AND resolved_at IS NOT NULL)),
  CHECK (resolution IS NULL OR resolution <> 'refund' OR seller_amount = 0),
  CHECK (resolution IS NULL OR resolution <> 'release' OR buyer_amount = 0)
);
CREATE INDEX disputes_order ON disputes (order_id);
CREATE UNIQUE INDEX disputes_one_open ON disputes (order_id) WHERE state = 'open';
CREATE INDEX disputes_opened_by ON disputes (opened_by);
CREATE INDEX disputes_resolved_by ON disputes (resolved_by);
CREATE INDEX disputes_state ON disputes (state, created_at);

CREATE TABLE dispute_evidence (
  id @ID@,
  dispute_id BIGINT NOT NULL REFERENCES disputes(id),
  user_id BIGINT NOT NULL REFERENCES users(id),
  body TEXT NOT NULL DEFAULT '',
  upload_id BIGINT REFERENCES uploads(id),
  created_at BIGINT NOT NULL DEFAULT @NOW@,
  CHECK (length(body) > 0 OR upload_id IS NOT NULL)
);
CREATE INDEX dispute_evidence_dispute ON dispute_evidence (dispute_id, id);
CREATE INDEX dispute_evidence_user ON dispute_evidence (user_id);
CREATE INDEX dispute_evidence_upload ON dispute_evidence (upload_id);

CREATE TABLE order_events (
  id @ID@,
  order_id BIGINT NOT NULL REFERENCES orders(id),
  actor_id BIGINT REFERENCES users(id),
  kind TEXT NOT NULL,
  detail TEXT NOT NULL DEFAULT '{}',
  created_at BIGINT NOT NULL DEFAULT @NOW@
);
CREATE INDEX order_events_order ON order_events (order_id, id);
CREATE INDEX order_events_actor ON order_events (actor_id);

CREATE TABLE tips (
  id @ID@,
  order_id BIGINT NOT NULL REFERENCES orders(id),
  buyer_id BIGINT NOT NULL REFERENCES users(id),
  seller_id BIGINT NOT NULL REFERENCES users(id),
  amount BIGINT NOT NULL CHECK (amount > 0),
  message TEXT,
  ledger_tx_id BIGINT NOT NULL UNIQUE REFERENCES ledger_tx(id),
  created_at BIGINT NOT NULL DEFAULT @NOW@,
  CHECK (buyer_id <> seller_id)
);
CREATE INDEX tips_order ON tips (order_id);
CREATE INDEX tips_buyer ON tips (buyer_id);
CREATE INDEX tips_seller ON tips (seller_id);

------------------------------------------------------------------------------
-- Messaging (and custom offers, which live in conversations)
------------------------------------------------------------------------------

-- pair_key: 'small_id:large_id' for direct conversations, so two users have one.
CREATE TABLE conversations (
  id @ID@,
  kind TEXT NOT NULL CHECK (kind IN ('direct','order','support')),
  order_id BIGINT REFERENCES orders(id),
  pair_key TEXT UNIQUE,
  subject TEXT,
  created_at BIGINT NOT NULL DEFAULT @NOW@,
  last_message_at BIGINT,
  CHECK (kind <> 'order' OR order_id IS NOT NULL),
  CHECK (kind <> 'direct' OR pair_key IS NOT NULL)
);
CREATE INDEX conversations_order ON conversations (order_id);
CREATE UNIQUE INDEX conversations_one_per_order ON conversations (order_id) WHERE kind = 'order';

-- last_read_message_id is a read watermark (0 = nothing read), not a foreign key.
CREATE TABLE conversation_participants (
  id @ID@,
  conversation_id BIGINT NOT NULL REFERENCES conversations(id) ON DELETE CASCADE,
  user_id BIGINT NOT NULL REFERENCES users(id),
  last_read_message_id BIGINT NOT NULL DEFAULT 0,
  muted INTEGER NOT NULL DEFAULT 0 CHECK (muted IN (0,1)),
  archived INTEGER NOT NULL DEFAULT 0 CHECK (archived IN (0,1)),
  joined_at BIGINT NOT NULL DEFAULT @NOW@,
  UNIQUE (conversation_id, user_id)
);
CREATE INDEX conversation_participants_user ON conversation_participants (user_id, conversation_id);

CREATE TABLE offers (
  id @ID@,
  conversation_id BIGINT NOT NULL REFERENCES conversations(id),
  seller_id BIGINT NOT NULL REFERENCES users(id),
  buyer_id BIGINT NOT NULL REFERENCES users(id),
  gig_id BIGINT REFERENCES gigs(id),
  request_id BIGINT REFERENCES buyer_requests(id),
  title TEXT NOT NULL DEFAULT '',
  description TEXT NOT NULL CHECK (length(description) > 0),
  price BIGINT NOT NULL CHECK (price >= 0),
  currency TEXT NOT NULL DEFAULT 'CNY' CHECK (length(currency) = 3),
  delivery_days INTEGER NOT NULL CHECK (delivery_days >= 1),
  revisions INTEGER NOT NULL DEFAULT 0 CHECK (revisions >= -1),
  payment_mode TEXT NOT NULL DEFAULT 'single' CHECK (payment_mode IN ('single','milestones')),
  state TEXT NOT NULL DEFAULT 'pending'
    CHECK (state IN ('pending','accepted','declined','withdrawn','expired')),
  expires_at BIGINT,
  responded_at BIGINT,
  order_id BIGINT UNIQUE REFERENCES orders(id),
  created_at BIGINT NOT NULL DEFAULT @NOW@,
  updated_at BIGINT NOT NULL DEFAULT @NOW@,
  CHECK (seller_id <> buyer_id),
  CHECK (state <> 'accepted' OR order_id IS NOT NULL)
);
CREATE INDEX offers_conversation ON offers (conversation_id, id);
CREATE INDEX offers_seller ON offers (seller_id, state);
CREATE INDEX offers_buyer ON offers (buyer_id, state);
CREATE INDEX offers_gig ON offers (gig_id);
CREATE INDEX offers_request ON offers (request_id);
CREATE INDEX offers_expiry ON offers (state, expires_at);

CREATE TABLE offer_milestones (
  id @ID@,
  offer_id BIGINT NOT NULL REFERENCES offers(id) ON DELETE CASCADE,
  seq INTEGER NOT NULL CHECK (seq >= 1),
  title TEXT NOT NULL DEFAULT '',
  description TEXT NOT NULL DEFAULT '',
  amount BIGINT NOT NULL CHECK (amount > 0),
  delivery_days INTEGER NOT NULL CHECK (delivery_days >= 1),
  UNIQUE (offer_id, seq)
);

CREATE TABLE messages (
  id @ID@,
  conversation_id BIGINT NOT NULL REFERENCES conversations(id) ON DELETE CASCADE,
  sender_id BIGINT REFERENCES users(id),
  kind TEXT NOT NULL DEFAULT 'text' CHECK (kind IN ('text','system','offer','file')),
  body TEXT NOT NULL DEFAULT '',
  offer_id BIGINT REFERENCES offers(id),
  created_at BIGINT NOT NULL DEFAULT @NOW@,
  edited_at BIGINT,
  deleted_at BIGINT,
  CHECK (kind = 'system' OR sender_id IS NOT NULL),
  CHECK (kind <> 'offer' OR offer_id IS NOT NULL)
);
CREATE INDEX messages_conversation ON messages (conversation_id, id);
CREATE INDEX messages_sender ON messages (sender_id);
CREATE INDEX messages_offer ON messages (offer_id);

CREATE TABLE message_attachments (
  id @ID@,
  message_id BIGINT NOT NULL REFERENCES messages(id) ON DELETE CASCADE,
  upload_id BIGINT NOT NULL REFERENCES uploads(id),
  UNIQUE (message_id, upload_id)
);
CREATE INDEX message_attachments_upload ON message_attachments (upload_id);

CREATE TABLE notifications (
  id @ID@,
  user_id BIGINT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  kind TEXT NOT NULL,
  title TEXT NOT NULL,
  body TEXT NOT NULL DEFAULT '',
  link_type TEXT,
  link_id BIGINT,
  read_at BIGINT,
  emailed_at BIGINT,
  created_at BIGINT NOT NULL DEFAULT @NOW@
);
CREATE INDEX notifications_user_read ON notifications (user_id, read_at);
CREATE INDEX notifications_user_unread ON notifications (user_id, id) WHERE read_at IS NULL;
CREATE INDEX notifications_created ON notifications (created_at);

CREATE TABLE notification_prefs (
  id @ID@,
  user_id BIGINT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  kind TEXT NOT NULL,
  via_email INTEGER NOT NULL DEFAULT 1 CHECK (via_email IN (0,1)),
  via_tui INTEGER NOT NULL DEFAULT 1 CHECK (via_tui IN (0,1)),
  UNIQUE (user_id, kind)
);

------------------------------------------------------------------------------
-- Money: payment intents, gateway callbacks, refunds, payouts, invoices
------------------------------------------------------------------------------

CREATE TABLE payment_intents (
  id @ID@,
  user_id BIGINT NOT NULL REFERENCES users(id),
  order_id BIGINT REFERENCES orders(id),
  purpose TEXT NOT NULL CHECK (purpose IN ('order','topup','milestone')),
  milestone_id BIGINT REFERENCES milestones(id),
  gateway TEXT NOT NULL CHECK (gateway IN ('alipay','wechat','sandbox')),
  out_trade_no TEXT NOT NULL UNIQUE,
  app_id TEXT,
  mch_id TEXT,
  amount BIGINT NOT NULL CHECK (amount > 0),
  currency TEXT NOT NULL DEFAULT 'CNY' CHECK (length(currency) = 3),
  status TEXT NOT NULL DEFAULT 'created'
    CHECK (status IN ('created','pending','paid','closed','failed','refunded')),
  gateway_txn_id TEXT UNIQUE,
  qr_payload TEXT,
  ledger_tx_id BIGINT UNIQUE REFERENCES ledger_tx(id),
  failure_reason TEXT,
  expires_at BIGINT,
  paid_at BIGINT,
  created_at BIGINT NOT NULL DEFAULT @NOW@,
  updated_at BIGINT NOT NULL DEFAULT @NOW@,
  CHECK ((purpose = 'topup' AND order_id IS NULL AND milestone_id IS NULL)
      OR (purpose = 'order' AND order_id IS NOT NULL AND milestone_id IS NULL)
      OR (purpose = 'milestone' AND order_id IS NOT NULL AND milestone_id IS NOT NULL)),
  CHECK (status <> 'paid' OR (ledger_tx_id IS NOT NULL AND paid_at IS NOT NULL))
);
CREATE INDEX payment_intents_user ON payment_intents (user_id, id);
CREATE INDEX payment_intents_order ON payment_intents (order_id);
CREATE INDEX payment_intents_milestone ON payment_intents (milestone_id);
CREATE INDEX payment_intents_status_expiry ON payment_intents (status, expires_at);

CREATE TABLE gateway_notifications (
  id @ID@,
  gateway TEXT NOT NULL CHECK (gateway IN ('alipay','wechat','sandbox')),
  remote_addr TEXT,
  headers TEXT NOT NULL DEFAULT '',
  body @BLOB@,
  verified INTEGER NOT NULL DEFAULT 0 CHECK (verified IN (0,1)),
  verify_error TEXT,
  event_type TEXT,
  out_trade_no TEXT,
  gateway_txn_id TEXT,
  payment_intent_id BIGINT REFERENCES payment_intents(id),
  applied INTEGER NOT NULL DEFAULT 0 CHECK (applied IN (0,1)),
  applied_at BIGINT,
  received_at BIGINT NOT NULL DEFAULT @NOW@,
  CHECK (applied = 0 OR verified = 1)
);
CREATE INDEX gateway_notifications_trade ON gateway_notifications (out_trade_no);
CREATE INDEX gateway_notifications_txn ON gateway_notifications (gateway_txn_id);
CREATE INDEX gateway_notifications_intent ON gateway_notifications (payment_intent_id);
CREATE INDEX gateway_notifications_received ON gateway_notifications (received_at);

CREATE TABLE gateway_refunds (
  id @ID@,
  payment_intent_id BIGINT NOT NULL REFERENCES payment_intents(id),
  order_id BIGINT REFERENCES orders(id),
  out_refund_no TEXT NOT NULL UNIQUE,
  gateway_refund_id TEXT UNIQUE,
  amount BIGINT NOT NULL CHECK (amount > 0),
  reason TEXT,
  status TEXT NOT NULL DEFAULT 'requested'
    CHECK (status IN ('requested','processing','succeeded','failed')),
  failure_reason TEXT,
  ledger_tx_id BIGINT UNIQUE REFERENCES ledger_tx(id),
  requested_by BIGINT REFERENCES users(id),
  refunded_at BIGINT,
  created_at BIGINT NOT NULL DEFAULT @NOW@,
  updated_at BIGINT NOT NULL DEFAULT @NOW@
);
CREATE INDEX gateway_refunds_intent ON gateway_refunds (payment_intent_id);
CREATE INDEX gateway_refunds_order ON gateway_refunds (order_id);
CREATE INDEX gateway_refunds_requested_by ON gateway_refunds (requested_by);
CREATE INDEX gateway_refunds_status ON gateway_refunds (status, created_at);

CREATE TABLE payout_accounts (
  id @ID@,
  user_id BIGINT NOT NULL REFERENCES users(id),
  kind TEXT NOT NULL CHECK (kind IN ('alipay','wechat','bank')),
  account_enc @BLOB@ NOT NULL,
  account_masked TEXT NOT NULL,
  real_name_enc @BLOB@,
  bank_name TEXT,
  is_default INTEGER NOT NULL DEFAULT 0 CHECK (is_default IN (0,1)),
  created_at BIGINT NOT NULL DEFAULT @NOW@,
  updated_at BIGINT NOT NULL DEFAULT @NOW@,
  deleted_at BIGINT,
  CHECK (kind <> 'bank' OR bank_name IS NOT NULL)
);
CREATE INDEX payout_accounts_user ON payout_accounts (user_id);
CREATE UNIQUE INDEX payout_accounts_one_default ON payout_accounts (user_id)
  WHERE is_default = 1 AND deleted_at IS NULL;

-- amount is gross (leaves the seller's available balance), fee is kept by the platform.
CREATE TABLE payouts (
  id @ID@,
  user_id BIGINT NOT NULL REFERENCES users(id),
  payout_account_id BIGINT NOT NULL REFERENCES payout_accounts(id),
  amount BIGINT NOT NULL CHECK (amount > 0),
  fee BIGINT NOT NULL DEFAULT 0 CHECK (fee >= 0),
  currency TEXT NOT NULL DEFAULT 'CNY' CHECK (length(currency) = 3),
  status TEXT NOT NULL DEFAULT 'requested'
    CHECK (status IN ('requested','approved','processing','paid','failed','cancelled')),
  gateway_ref TEXT,
  failure_reason TEXT,
  idem_key TEXT NOT NULL UNIQUE,
  ledger_tx_id BIGINT UNIQUE REFERENCES ledger_tx(id),
  reversal_tx_id BIGINT UNIQUE REFERENCES ledger_tx(id),
  approved_by BIGINT REFERENCES users(id),
  approved_at BIGINT,
  paid_at BIGINT,
  created_at BIGINT NOT NULL DEFAULT @NOW@,
  updated_at BIGINT NOT NULL DEFAULT @NOW@,
  CHECK (fee <= amount),
  CHECK (reversal_tx_id IS NULL OR status IN ('failed','cancelled'))
);
CREATE INDEX payouts_user ON payouts (user_id, id);
CREATE INDEX payouts_account ON payouts (payout_account_id);
CREATE INDEX payouts_status ON payouts (status, created_at);
CREATE INDEX payouts_approved_by ON payouts (approved_by);

-- number is assigned when the invoice is issued.
CREATE TABLE invoices (
  id @ID@,
  user_id BIGINT NOT NULL REFERENCES users(id),
  order_id BIGINT REFERENCES orders(id),
  number TEXT UNIQUE,
  kind TEXT NOT NULL DEFAULT 'normal' CHECK (kind IN ('normal','special')),
  title TEXT NOT NULL CHECK (length(title) > 0),
  tax_id TEXT,
  email TEXT,
  amount BIGINT NOT NULL CHECK (amount >= 0),
  currency TEXT NOT NULL DEFAULT 'CNY' CHECK (length(currency) = 3),
  status TEXT NOT NULL DEFAULT 'requested'
    CHECK (status IN ('requested','issued','rejected','cancelled')),
  reject_reason TEXT,
  upload_id BIGINT REFERENCES uploads(id),
  issued_at BIGINT,
  created_at BIGINT NOT NULL DEFAULT @NOW@,
  updated_at BIGINT NOT NULL DEFAULT @NOW@,
  CHECK (status <> 'issued' OR (number IS NOT NULL AND issued_at IS NOT NULL))
);
CREATE INDEX invoices_user ON invoices (user_id, id);
CREATE INDEX invoices_order ON invoices (order_id);
CREATE INDEX invoices_upload ON invoices (upload_id);
CREATE INDEX invoices_status ON invoices (status, created_at);

------------------------------------------------------------------------------
-- Reputation
------------------------------------------------------------------------------

CREATE TABLE reviews (
  id @ID@,
  order_id BIGINT NOT NULL REFERENCES orders(id),
  gig_id BIGINT REFERENCES gigs(id),
  reviewer_id BIGINT NOT NULL REFERENCES users(id),
  reviewee_id BIGINT NOT NULL REFERENCES users(id),
  direction TEXT NOT NULL CHECK (direction IN ('buyer_to_seller','seller_to_buyer')),
  rating INTEGER NOT NULL CHECK (rating BETWEEN 1 AND 5),
  body TEXT NOT NULL DEFAULT '',
  seller_reply TEXT,
  reply_at BIGINT,
  is_hidden INTEGER NOT NULL DEFAULT 0 CHECK (is_hidden IN (0,1)),
  created_at BIGINT NOT NULL DEFAULT @NOW@,
  updated_at BIGINT NOT NULL DEFAULT @NOW@,
  UNIQUE (order_id, direction),
  CHECK (reviewer_id <> reviewee_id),
  CHECK (seller_reply IS NULL OR direction = 'buyer_to_seller')
);
CREATE INDEX reviews_gig ON reviews (gig_id, created_at);
CREATE INDEX reviews_reviewer ON reviews (reviewer_id);
CREATE INDEX reviews_reviewee ON reviews (reviewee_id, direction, created_at);

CREATE TABLE review_ratings (
  id @ID@,
  review_id BIGINT NOT NULL REFERENCES reviews(id) ON DELETE CASCADE,
  aspect TEXT NOT NULL
    CHECK (aspect IN ('communication','service','recommend','quality','timeliness')),
  score INTEGER NOT NULL CHECK (score BETWEEN 1 AND 5),
  UNIQUE (review_id, aspect)
);

CREATE TABLE seller_levels (
  id @ID@,
  code TEXT NOT NULL UNIQUE,
  rank INTEGER NOT NULL UNIQUE,
  name_zh TEXT NOT NULL,
  name_en TEXT NOT NULL,
  min_orders BIGINT NOT NULL DEFAULT 0 CHECK (min_orders >= 0),
  min_rating_x100 INTEGER NOT NULL DEFAULT 0 CHECK (min_rating_x100 BETWEEN 0 AND 500),
  min_earnings BIGINT NOT NULL DEFAULT 0 CHECK (min_earnings >= 0),
  min_on_time_pct INTEGER NOT NULL DEFAULT 0 CHECK (min_on_time_pct BETWEEN 0 AND 100),
  min_days_active INTEGER NOT NULL DEFAULT 0 CHECK (min_days_active >= 0),
  max_active_gigs INTEGER CHECK (max_active_gigs IS NULL OR max_active_gigs > 0)
);
INSERT INTO seller_levels (code, rank, name_zh, name_en, min_orders, min_rating_x100, min_earnings, min_on_time_pct, min_days_active, max_active_gigs)
VALUES ('new',    0, '新卖家',   'New seller', 0,   0,   0,        0,  0,   7),
       ('level1', 1, '一级卖家', 'Level 1',    10,  440, 40000,    90, 60,  10),
       ('level2', 2, '二级卖家', 'Level 2',    50,  460, 200000,   90, 120, 20),
       ('top',    3, '顶级卖家', 'Top rated',  100, 470, 2000000,  95, 180, 30);

CREATE TABLE reputation (
  id @ID@,
  user_id BIGINT NOT NULL UNIQUE REFERENCES users(id) ON DELETE CASCADE,
  level_id BIGINT REFERENCES seller_levels(id),
  rating_avg_x100 INTEGER NOT NULL DEFAULT 0 CHECK (rating_avg_x100 BETWEEN 0 AND 500),
  rating_count BIGINT NOT NULL DEFAULT 0 CHECK (rating_count >= 0),
  buyer_rating_avg_x100 INTEGER NOT NULL DEFAULT 0 CHECK (buyer_rating_avg_x100 BETWEEN 0 AND 500),
  buyer_rating_count BIGINT NOT NULL DEFAULT 0 CHECK (buyer_rating_count >= 0),
  orders_completed BIGINT NOT NULL DEFAULT 0 CHECK (orders_completed >= 0),
  orders_cancelled BIGINT NOT NULL DEFAULT 0 CHECK (orders_cancelled >= 0),
  on_time_pct INTEGER NOT NULL DEFAULT 100 CHECK (on_time_pct BETWEEN 0 AND 100),
  response_rate_pct INTEGER NOT NULL DEFAULT 100 CHECK (response_rate_pct BETWEEN 0 AND 100),
  earnings_total BIGINT NOT NULL DEFAULT 0 CHECK (earnings_total >= 0),
  computed_at BIGINT NOT NULL DEFAULT @NOW@
);
CREATE INDEX reputation_level ON reputation (level_id);

------------------------------------------------------------------------------
-- Moderation
------------------------------------------------------------------------------

CREATE TABLE reports (
  id @ID@,
  reporter_id BIGINT NOT NULL REFERENCES users(id),
  target_type TEXT NOT NULL
    CHECK (target_type IN ('user','gig','message','review','order','offer','buyer_request')),
  target_id BIGINT NOT NULL,
  reason TEXT NOT NULL
    CHECK (reason IN ('spam','fraud','abuse','illegal','infringement','off_platform','other')),
  detail TEXT NOT NULL DEFAULT '',
  state TEXT NOT NULL DEFAULT 'open' CHECK (state IN ('open','reviewing','actioned','dismissed')),
  handled_by BIGINT REFERENCES users(id),
  handled_at BIGINT,
  resolution TEXT,
  created_at BIGINT NOT NULL DEFAULT @NOW@,
  CHECK (state IN ('open','reviewing') OR (handled_by IS NOT NULL AND handled_at IS NOT NULL))
);
CREATE INDEX reports_reporter ON reports (reporter_id);
CREATE INDEX reports_handled_by ON reports (handled_by);
CREATE INDEX reports_target ON reports (target_type, target_id);
CREATE INDEX reports_state ON reports (state, created_at);

------------------------------------------------------------------------------
-- Infrastructure: events outbox, jobs, mail, audit, admin tokens, settings
------------------------------------------------------------------------------

CREATE TABLE events (
  id @ID@,
  topic TEXT NOT NULL,
  user_id BIGINT REFERENCES users(id) ON DELETE SET NULL,
  payload TEXT NOT NULL DEFAULT '{}',
  created_at BIGINT NOT NULL DEFAULT @NOW@
);
CREATE INDEX events_user ON events (user_id, id);
CREATE INDEX events_topic ON events (topic, id);

CREATE TABLE jobs (
  id @ID@,
  kind TEXT NOT NULL,
  payload TEXT NOT NULL DEFAULT '{}',
  state TEXT NOT NULL DEFAULT 'queued' CHECK (state IN ('queued','running','done','failed')),
  priority INTEGER NOT NULL DEFAULT 0,
  run_at BIGINT NOT NULL DEFAULT @NOW@,
  attempts INTEGER NOT NULL DEFAULT 0 CHECK (attempts >= 0),
  max_attempts INTEGER NOT NULL DEFAULT 5 CHECK (max_attempts >= 1),
  last_error TEXT,
  locked_by TEXT,
  locked_at BIGINT,
  unique_key TEXT UNIQUE,
  created_at BIGINT NOT NULL DEFAULT @NOW@,
  updated_at BIGINT NOT NULL DEFAULT @NOW@,
  finished_at BIGINT,
  CHECK (state <> 'running' OR locked_at IS NOT NULL)
);
CREATE INDEX jobs_state_run_at ON jobs (state, run_at);
CREATE INDEX jobs_kind ON jobs (kind, state);

CREATE TABLE outbox_mail (
  id @ID@,
  user_id BIGINT REFERENCES users(id) ON DELETE SET NULL,
  to_addr TEXT NOT NULL CHECK (length(to_addr) > 0),
  subject TEXT NOT NULL,
  body TEXT NOT NULL,
  state TEXT NOT NULL DEFAULT 'queued' CHECK (state IN ('queued','sending','sent','failed')),
  attempts INTEGER NOT NULL DEFAULT 0 CHECK (attempts >= 0),
  last_error TEXT,
  next_at BIGINT NOT NULL DEFAULT @NOW@,
  sent_at BIGINT,
  created_at BIGINT NOT NULL DEFAULT @NOW@
);
CREATE INDEX outbox_mail_state_next ON outbox_mail (state, next_at);
CREATE INDEX outbox_mail_user ON outbox_mail (user_id);

CREATE TABLE admin_tokens (
  id @ID@,
  name TEXT NOT NULL,
  token_hash TEXT NOT NULL UNIQUE,
  created_by BIGINT REFERENCES users(id),
  created_at BIGINT NOT NULL DEFAULT @NOW@,
  expires_at BIGINT,
  last_used_at BIGINT,
  revoked_at BIGINT
);
CREATE INDEX admin_tokens_created_by ON admin_tokens (created_by);

CREATE TABLE audit_log (
  id @ID@,
  actor_id BIGINT REFERENCES users(id),
  actor_token_id BIGINT REFERENCES admin_tokens(id),
  action TEXT NOT NULL,
  target_type TEXT,
  target_id BIGINT,
  detail TEXT NOT NULL DEFAULT '{}',
  remote_addr TEXT,
  created_at BIGINT NOT NULL DEFAULT @NOW@
);
CREATE INDEX audit_log_actor ON audit_log (actor_id, id);
CREATE INDEX audit_log_actor_token ON audit_log (actor_token_id);
CREATE INDEX audit_log_target ON audit_log (target_type, target_id);
CREATE INDEX audit_log_created ON audit_log (created_at);

CREATE TABLE settings (
  key TEXT PRIMARY KEY,
  value TEXT NOT NULL,
  updated_at BIGINT NOT NULL DEFAULT @NOW@
);
