-- Rows as a release at schema version 1 would have stored them. Loaded after schema_v1.sql by
-- tst_storage::migratesVersion1Database, which then opens the file with the current Storage.
INSERT INTO providers (id, name, protocol, base_url, capabilities, options, enabled)
    VALUES (1, 'anthropic-main', 'anthropic', 'https://api.anthropic.com', '["tools","vision","thinking"]', '{"effortCap":"high"}', 1);
INSERT INTO providers (id, name, protocol, base_url, capabilities, options, enabled)
    VALUES (2, 'deepseek', 'openai', 'https://api.deepseek.com/v1', '["tools"]', '{}', 0);
INSERT INTO provider_prices (provider_id, position, model, input_per_mtok, output_per_mtok, cache_read_per_mtok, cache_write_per_mtok)
    VALUES (1, 0, 'claude-sonnet-4*', 3, 15, 0.3, 3.75);
INSERT INTO provider_prices (provider_id, position, model, input_per_mtok, output_per_mtok, cache_read_per_mtok, cache_write_per_mtok)
    VALUES (1, 1, 'claude-haiku-*', 0.8, 4, 0.08, 1);
INSERT INTO channels (id, provider_id, name, base_url, models, priority, weight, enabled, daily_request_quota, daily_budget, proxy_url, options)
    VALUES (10, 1, 'anthropic-direct', '', '["claude-sonnet-4-5","claude-haiku-4-5"]', 0, 3, 1, 5000, 25.5, 'system', '{"leadingSystemOnly":true}');
INSERT INTO channels (id, provider_id, name, base_url, models, priority, weight, enabled, daily_request_quota, daily_budget, proxy_url, options)
    VALUES (11, 2, 'deepseek-chat', 'https://eu.deepseek.example/v1', '["deepseek-chat"]', 2, 1, 1, 0, 0, '', '{}');
INSERT INTO channel_keys (id, channel_id, position, secret_ref, hint, fingerprint, weight, disabled, disabled_reason)
    VALUES (100, 10, 0, 'channel-key/aaaa', 'sk-ant-a…', '0123456789abcdef', 2, 0, '');
INSERT INTO channel_keys (id, channel_id, position, secret_ref, hint, fingerprint, weight, disabled, disabled_reason)
    VALUES (101, 10, 1, 'channel-key/bbbb', 'sk-ant-b…', 'fedcba9876543210', 1, 1, 'HTTP 401 from upstream');
INSERT INTO model_groups (id, name, strategy, daily_budget, max_cost_per_request, enabled, options)
    VALUES (20, 'auto:fast', 'weighted', 10, 0.25, 1, '{"timePolicy":"workhours"}');
INSERT INTO group_members (id, group_id, channel_id, position, model, priority, weight, capabilities, context_window, price_override)
    VALUES (200, 20, 10, 0, 'claude-haiku-4-5', 0, 3, '["tools"]', 200000, NULL);
INSERT INTO group_members (id, group_id, channel_id, position, model, priority, weight, capabilities, context_window, price_override)
    VALUES (201, 20, 11, 1, 'deepseek-chat', 1, 1, '[]', 64000, '{"model":"deepseek-chat","input":0.27,"output":1.1,"cacheRead":0.07,"cacheWrite":0}');
INSERT INTO routing_rules (id, kind, match, target, position, enabled, options)
    VALUES (30, 'scenario', 'background', 'auto:fast', 0, 1, '{}');
INSERT INTO routing_rules (id, kind, match, target, position, enabled, options)
    VALUES (31, 'prefix', 'gpt-4o*', 'deepseek-chat,deepseek-chat', 1, 0, '{"longContextThreshold":60000}');
INSERT INTO client_keys (id, name, hash, prefix, created_at, expires_at, disabled, daily_budget, allowed_models, slot_map)
    VALUES (40, 'laptop', '9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08', 'sy-9f86', 1735689600123, NULL, 0, 5, '["auto:fast"]', '{"haiku":{"target":"auto:fast"}}');
INSERT INTO settings (key, value, type) VALUES ('proxy/port', '3456', 'int');
INSERT INTO settings (key, value, type) VALUES ('ui/language', 'zh_CN', 'QString');
INSERT INTO usage (id, timestamp_ms, request_id, session_id, client_key_id, endpoint, requested_model, resolved_model, channel_id, channel_name, input_tokens, output_tokens, cache_read_tokens, cache_write_tokens, cost_usd, latency_ms, status, error_class, stream)
    VALUES (1, 1735689600500, 'req_v1_a', 'sess-1', 40, 'messages', 'claude-sonnet-4-5', 'claude-sonnet-4-5', 10, 'anthropic-direct', 1200, 350, 8000, 0, 0.01134, 2300, 200, '', 1);
INSERT INTO usage (id, timestamp_ms, request_id, session_id, client_key_id, endpoint, requested_model, resolved_model, channel_id, channel_name, input_tokens, output_tokens, cache_read_tokens, cache_write_tokens, cost_usd, latency_ms, status, error_class, stream)
    VALUES (2, 1735689700000, 'req_v1_b', '', 0, 'chat.completions', 'auto:fast', 'deepseek-chat', 11, 'deepseek-chat', 90, 12, 0, 0, 0.0000375, 800, 502, 'upstream_5xx', 0);
