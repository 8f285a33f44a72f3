-- Schema version 1 of switchyard.db, exactly as Migrations step 1 creates it (frozen copy).
-- tst_storage checks that this file and the step still agree; never edit either: schema
-- changes go into a new migration step.
CREATE TABLE providers (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    name TEXT NOT NULL UNIQUE,
    protocol TEXT NOT NULL CHECK (protocol IN ('anthropic', 'openai', 'gemini', 'responses')),
    base_url TEXT NOT NULL DEFAULT '',
    capabilities TEXT NOT NULL DEFAULT '[]',
    options TEXT NOT NULL DEFAULT '{}',
    enabled INTEGER NOT NULL DEFAULT 1 CHECK (enabled IN (0, 1)));
CREATE TABLE provider_prices (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    provider_id INTEGER NOT NULL REFERENCES providers(id) ON DELETE CASCADE,
    position INTEGER NOT NULL DEFAULT 0,
    model TEXT NOT NULL,
    input_per_mtok REAL NOT NULL DEFAULT 0,
    output_per_mtok REAL NOT NULL DEFAULT 0,
    cache_read_per_mtok REAL NOT NULL DEFAULT 0,
    cache_write_per_mtok REAL NOT NULL DEFAULT 0);
CREATE INDEX provider_prices_provider ON provider_prices(provider_id);
CREATE TABLE channels (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    provider_id INTEGER NOT NULL REFERENCES providers(id) ON DELETE CASCADE,
    name TEXT NOT NULL UNIQUE,
    base_url TEXT NOT NULL DEFAULT '',
    models TEXT NOT NULL DEFAULT '[]',
    priority INTEGER NOT NULL DEFAULT 0,
    weight INTEGER NOT NULL DEFAULT 1,
    enabled INTEGER NOT NULL DEFAULT 1 CHECK (enabled IN (0, 1)),
    daily_request_quota INTEGER NOT NULL DEFAULT 0,
    daily_budget REAL NOT NULL DEFAULT 0,
    proxy_url TEXT NOT NULL DEFAULT '',
    options TEXT NOT NULL DEFAULT '{}');
CREATE INDEX channels_provider ON channels(provider_id);
CREATE TABLE channel_keys (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    channel_id INTEGER NOT NULL REFERENCES channels(id) ON DELETE CASCADE,
    position INTEGER NOT NULL DEFAULT 0,
    secret_ref TEXT NOT NULL,
    hint TEXT NOT NULL DEFAULT '',
    fingerprint TEXT NOT NULL DEFAULT '',
    weight INTEGER NOT NULL DEFAULT 1,
    disabled INTEGER NOT NULL DEFAULT 0 CHECK (disabled IN (0, 1)),
    disabled_reason TEXT NOT NULL DEFAULT '');
CREATE INDEX channel_keys_channel ON channel_keys(channel_id);
CREATE TABLE model_groups (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    name TEXT NOT NULL UNIQUE,
    strategy TEXT NOT NULL DEFAULT 'priority',
    daily_budget REAL NOT NULL DEFAULT 0,
    max_cost_per_request REAL NOT NULL DEFAULT 0,
    enabled INTEGER NOT NULL DEFAULT 1 CHECK (enabled IN (0, 1)),
    options TEXT NOT NULL DEFAULT '{}');
CREATE TABLE group_members (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    group_id INTEGER NOT NULL REFERENCES model_groups(id) ON DELETE CASCADE,
    channel_id INTEGER NOT NULL REFERENCES channels(id) ON DELETE CASCADE,
    position INTEGER NOT NULL DEFAULT 0,
    model TEXT NOT NULL,
    priority INTEGER NOT NULL DEFAULT 0,
    weight INTEGER NOT NULL DEFAULT 1,
    capabilities TEXT NOT NULL DEFAULT '[]',
    context_window INTEGER NOT NULL DEFAULT 0,
    price_override TEXT);
CREATE INDEX group_members_group ON group_members(group_id);
CREATE INDEX group_members_channel ON group_members(channel_id);
CREATE TABLE routing_rules (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    kind TEXT NOT NULL,
    match TEXT NOT NULL DEFAULT '',
    target TEXT NOT NULL DEFAULT '',
    position INTEGER NOT NULL DEFAULT 0,
    enabled INTEGER NOT NULL DEFAULT 1 CHECK (enabled IN (0, 1)),
    options TEXT NOT NULL DEFAULT '{}');
CREATE TABLE client_keys (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    name TEXT NOT NULL DEFAULT '',
    hash TEXT NOT NULL UNIQUE,
    prefix TEXT NOT NULL DEFAULT '',
    created_at INTEGER,
    expires_at INTEGER,
    disabled INTEGER NOT NULL DEFAULT 0 CHECK (disabled IN (0, 1)),
    daily_budget REAL NOT NULL DEFAULT 0,
    allowed_models TEXT NOT NULL DEFAULT '[]',
    slot_map TEXT NOT NULL DEFAULT '{}');
CREATE TABLE settings (
    key TEXT PRIMARY KEY NOT NULL,
    value TEXT NOT NULL,
    type TEXT NOT NULL);
CREATE TABLE usage (
    id INTEGER PRIMARY KEY,
    timestamp_ms INTEGER NOT NULL,
    request_id TEXT NOT NULL DEFAULT '',
    session_id TEXT NOT NULL DEFAULT '',
    client_key_id INTEGER NOT NULL DEFAULT 0,
    endpoint TEXT NOT NULL DEFAULT '',
    requested_model TEXT NOT NULL DEFAULT '',
    resolved_model TEXT NOT NULL DEFAULT '',
    channel_id INTEGER NOT NULL DEFAULT 0,
    channel_name TEXT NOT NULL DEFAULT '',
    input_tokens INTEGER NOT NULL DEFAULT 0,
    output_tokens INTEGER NOT NULL DEFAULT 0,
    cache_read_tokens INTEGER NOT NULL DEFAULT 0,
    cache_write_tokens INTEGER NOT NULL DEFAULT 0,
    cost_usd REAL NOT NULL DEFAULT 0,
    latency_ms INTEGER NOT NULL DEFAULT 0,
    status INTEGER NOT NULL DEFAULT 0,
    error_class TEXT NOT NULL DEFAULT '',
    stream INTEGER NOT NULL DEFAULT 0);
CREATE INDEX usage_timestamp ON usage(timestamp_ms);
PRAGMA user_version = 1;
