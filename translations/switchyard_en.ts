<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en">
<context>
    <name>ClaudeCodeConnector</name>
    <message>
        <source>it is not valid JSON (%1 at offset %2)</source>
        <translation>it is not valid JSON (%1 at offset %2)</translation>
    </message>
    <message>
        <source>it does not contain a JSON object</source>
        <translation>it does not contain a JSON object</translation>
    </message>
    <message>
        <source>its "env" entry is not an object</source>
        <translation>its "env" entry is not an object</translation>
    </message>
    <message>
        <source>Cannot read %1: %2</source>
        <translation>Cannot read %1: %2</translation>
    </message>
    <message>
        <source>%1 was left unchanged because %2. Fix or move the file, then try again.</source>
        <translation>%1 was left unchanged because %2. Fix or move the file, then try again.</translation>
    </message>
    <message>
        <source>Cannot create a client key for Claude Code: %1</source>
        <translation>Cannot create a client key for Claude Code: %1</translation>
    </message>
    <message>
        <source>%1 also sets ANTHROPIC_API_KEY; remove it so Claude Code uses the Switchyard key.</source>
        <translation>%1 also sets ANTHROPIC_API_KEY; remove it so Claude Code uses the Switchyard key.</translation>
    </message>
    <message>
        <source>Cannot write the backup, so %1 was left unchanged: %2</source>
        <translation>Cannot write the backup, so %1 was left unchanged: %2</translation>
    </message>
    <message>
        <source>Cannot write %1: %2</source>
        <translation>Cannot write %1: %2</translation>
    </message>
    <message>
        <source>There is no backup of the Claude Code settings to restore.</source>
        <translation>There is no backup of the Claude Code settings to restore.</translation>
    </message>
    <message>
        <source>Cannot remove %1.</source>
        <translation>Cannot remove %1.</translation>
    </message>
    <message>
        <source>Cannot read the backup %1: %2</source>
        <translation>Cannot read the backup %1: %2</translation>
    </message>
</context>
<context>
    <name>ConfigJson</name>
    <message>
        <source>a string</source>
        <translation>a string</translation>
    </message>
    <message>
        <source>a number</source>
        <translation>a number</translation>
    </message>
    <message>
        <source>true or false</source>
        <translation>true or false</translation>
    </message>
    <message>
        <source>an object</source>
        <translation>an object</translation>
    </message>
    <message>
        <source>an array</source>
        <translation>an array</translation>
    </message>
    <message>
        <source>expected %1, got %2</source>
        <translation>expected %1, got %2</translation>
    </message>
    <message>
        <source>unknown field</source>
        <translation>unknown field</translation>
    </message>
    <message>
        <source>is required</source>
        <translation>is required</translation>
    </message>
    <message>
        <source>must not be empty</source>
        <translation>must not be empty</translation>
    </message>
    <message>
        <source>expected a whole number, got %1</source>
        <translation>expected a whole number, got %1</translation>
    </message>
    <message>
        <source>%1 is out of range (%2 to %3)</source>
        <translation>%1 is out of range (%2 to %3)</translation>
    </message>
    <message>
        <source>must be zero or a positive number, got %1</source>
        <translation>must be zero or a positive number, got %1</translation>
    </message>
    <message>
        <source>%1 is listed twice</source>
        <translation>%1 is listed twice</translation>
    </message>
    <message>
        <source>an %1 or %2 URL</source>
        <translation>an %1 or %2 URL</translation>
    </message>
    <message>
        <source>a URL with scheme %1</source>
        <translation>a URL with scheme %1</translation>
    </message>
    <message>
        <source>%1 is not %2</source>
        <translation>%1 is not %2</translation>
    </message>
    <message>
        <source>syntax error at line %1, column %2 (offset %3): %4</source>
        <translation>syntax error at line %1, column %2 (offset %3): %4</translation>
    </message>
    <message>
        <source>the configuration must be a JSON object</source>
        <translation>the configuration must be a JSON object</translation>
    </message>
    <message>
        <source>format version %1 is newer than this Switchyard understands (%2)</source>
        <translation>format version %1 is newer than this Switchyard understands (%2)</translation>
    </message>
    <message>
        <source>duplicate provider name %1</source>
        <translation>duplicate provider name %1</translation>
    </message>
    <message>
        <source>unknown protocol %1 (expected anthropic, openai, gemini or responses)</source>
        <translation>unknown protocol %1 (expected anthropic, openai, gemini or responses)</translation>
    </message>
    <message>
        <source>the model name must not be empty</source>
        <translation>the model name must not be empty</translation>
    </message>
    <message>
        <source>expected an array or an object, got %1</source>
        <translation>expected an array or an object, got %1</translation>
    </message>
    <message>
        <source>duplicate price for model %1</source>
        <translation>duplicate price for model %1</translation>
    </message>
    <message>
        <source>a channel name must not contain a comma</source>
        <translation>a channel name must not contain a comma</translation>
    </message>
    <message>
        <source>duplicate channel name %1 (also in %2)</source>
        <translation>duplicate channel name %1 (also in %2)</translation>
    </message>
    <message>
        <source>%1 is not "system", "none" or an http://, https:// or socks5:// URL</source>
        <translation>%1 is not "system", "none" or an http://, https:// or socks5:// URL</translation>
    </message>
    <message>
        <source>the same key is already listed at %1</source>
        <translation>the same key is already listed at %1</translation>
    </message>
    <message>
        <source>expected a string or an object, got %1</source>
        <translation>expected a string or an object, got %1</translation>
    </message>
    <message>
        <source>does not match the key</source>
        <translation>does not match the key</translation>
    </message>
    <message>
        <source>needs "key" (the key itself or "$ENV_VAR"), or the "fingerprint" of a key stored earlier</source>
        <translation>needs "key" (the key itself or "$ENV_VAR"), or the "fingerprint" of a key stored earlier</translation>
    </message>
    <message>
        <source>no stored key has fingerprint %1; give the key itself in "key"</source>
        <translation>no stored key has fingerprint %1; give the key itself in "key"</translation>
    </message>
    <message>
        <source>environment variable %1 is not set</source>
        <translation>environment variable %1 is not set</translation>
    </message>
    <message>
        <source>environment variable %1 is empty</source>
        <translation>environment variable %1 is empty</translation>
    </message>
    <message>
        <source>the key is empty</source>
        <translation>the key is empty</translation>
    </message>
    <message>
        <source>the key contains spaces or control characters</source>
        <translation>the key contains spaces or control characters</translation>
    </message>
    <message>
        <source>a model group name must not contain a comma</source>
        <translation>a model group name must not contain a comma</translation>
    </message>
    <message>
        <source>duplicate model group name %1</source>
        <translation>duplicate model group name %1</translation>
    </message>
    <message>
        <source>%1 is not a strategy name (lowercase letters, digits and dashes)</source>
        <translation>%1 is not a strategy name (lowercase letters, digits and dashes)</translation>
    </message>
    <message>
        <source>unknown channel %1</source>
        <translation>unknown channel %1</translation>
    </message>
    <message>
        <source>channel %1 with model %2 is already a member</source>
        <translation>channel %1 with model %2 is already a member</translation>
    </message>
    <message>
        <source>%1 is not "&lt;channel&gt;,&lt;model&gt;" or the name of a model group</source>
        <translation>%1 is not "&lt;channel&gt;,&lt;model&gt;" or the name of a model group</translation>
    </message>
    <message>
        <source>unknown model group %1 (a target is "&lt;channel&gt;,&lt;model&gt;" or the name of a model group)</source>
        <translation>unknown model group %1 (a target is "&lt;channel&gt;,&lt;model&gt;" or the name of a model group)</translation>
    </message>
    <message>
        <source>unknown scenario (expected %1)</source>
        <translation>unknown scenario (expected %1)</translation>
    </message>
    <message>
        <source>expected a target string or an object, got %1</source>
        <translation>expected a target string or an object, got %1</translation>
    </message>
    <message>
        <source>there is no longContext route to apply it to</source>
        <translation>there is no longContext route to apply it to</translation>
    </message>
    <message>
        <source>unknown rule kind %1 (only "prefix"; scenarios go under "routes")</source>
        <translation>unknown rule kind %1 (only "prefix"; scenarios go under "routes")</translation>
    </message>
    <message>
        <source>duplicate rule for %1 (also at %2)</source>
        <translation>duplicate rule for %1 (also at %2)</translation>
    </message>
    <message>
        <source>expected a string, a number or true/false, got %1</source>
        <translation>expected a string, a number or true/false, got %1</translation>
    </message>
    <message>
        <source>a setting name must not be empty</source>
        <translation>a setting name must not be empty</translation>
    </message>
    <message>
        <source>this setting can only be changed in Switchyard itself, not by a config file</source>
        <translation>this setting can only be changed in Switchyard itself, not by a config file</translation>
    </message>
    <message>
        <source>duplicate client key name %1</source>
        <translation>duplicate client key name %1</translation>
    </message>
    <message>
        <source>%1 is not an ISO 8601 date and time</source>
        <translation>%1 is not an ISO 8601 date and time</translation>
    </message>
    <message>
        <source>set "%1": true in the options of the channel or provider to allow it</source>
        <translation>set "%1": true in the options of the channel or provider to allow it</translation>
    </message>
    <message>
        <source>%1 is not an http or https URL</source>
        <translation>%1 is not an http or https URL</translation>
    </message>
    <message>
        <source>%1 must not contain a user name or password; put keys under "keys"</source>
        <translation>%1 must not contain a user name or password; put keys under "keys"</translation>
    </message>
    <message>
        <source>%1 points at the unspecified address, which is not a destination</source>
        <translation>%1 points at the unspecified address, which is not a destination</translation>
    </message>
    <message>
        <source>%1 is a link-local address (169.254.0.0/16, fe80::/10); %2</source>
        <translation>%1 is a link-local address (169.254.0.0/16, fe80::/10); %2</translation>
    </message>
    <message>
        <source>%1 is a cloud metadata endpoint; %2</source>
        <translation>%1 is a cloud metadata endpoint; %2</translation>
    </message>
</context>
<context>
    <name>ConfigService</name>
    <message>
        <source>cannot read %1: %2</source>
        <translation>cannot read %1: %2</translation>
    </message>
    <message>
        <source>could not read the current configuration: %1</source>
        <translation>could not read the current configuration: %1</translation>
    </message>
    <message>
        <source>the file contains new keys, but no secret store is available to keep them (no keychain answered)</source>
        <translation>the file contains new keys, but no secret store is available to keep them (no keychain answered)</translation>
    </message>
    <message>
        <source>could not save a backup of the current configuration, so nothing was imported: %1</source>
        <translation>could not save a backup of the current configuration, so nothing was imported: %1</translation>
    </message>
    <message>
        <source>could not store a key in the %1 secret store: %2</source>
        <translation>could not store a key in the %1 secret store: %2</translation>
    </message>
    <message>
        <source>could not save the configuration: %1</source>
        <translation>could not save the configuration: %1</translation>
    </message>
    <message>
        <source>keys cannot be exported: no secret store is available</source>
        <translation>keys cannot be exported: no secret store is available</translation>
    </message>
    <message>
        <source>the key %1 (%2) is missing from the secret store</source>
        <translation>the key %1 (%2) is missing from the secret store</translation>
    </message>
    <message>
        <source>could not export the keys: %1</source>
        <translation>could not export the keys: %1</translation>
    </message>
    <message>
        <source>could not load the configuration: %1</source>
        <translation>could not load the configuration: %1</translation>
    </message>
    <message>
        <source>no secret store is available</source>
        <translation>no secret store is available</translation>
    </message>
    <message>
        <source>it is missing from the %1 secret store</source>
        <translation>it is missing from the %1 secret store</translation>
    </message>
    <message>
        <source>channel %1: key %2 (%3) cannot be used: %4</source>
        <translation>channel %1: key %2 (%3) cannot be used: %4</translation>
    </message>
</context>
<context>
    <name>FileSecretStore</name>
    <message>
        <source>cannot restrict the permissions of %1 to 0600</source>
        <translation>cannot restrict the permissions of %1 to 0600</translation>
    </message>
    <message>
        <source>cannot read %1: %2</source>
        <translation>cannot read %1: %2</translation>
    </message>
    <message>
        <source>%1 is not a valid secrets file</source>
        <translation>%1 is not a valid secrets file</translation>
    </message>
    <message>
        <source>%1 has a damaged entry %2</source>
        <translation>%1 has a damaged entry %2</translation>
    </message>
</context>
<context>
    <name>KeychainSecretStore</name>
    <message>
        <source>the keychain did not answer within %1 s (is it locked or waiting for a password prompt?)</source>
        <translation>the keychain did not answer within %1 s (is it locked or waiting for a password prompt?)</translation>
    </message>
    <message>
        <source>no keychain service available</source>
        <translation>no keychain service available</translation>
    </message>
    <message>
        <source>access to the keychain was denied (is it locked?)</source>
        <translation>access to the keychain was denied (is it locked?)</translation>
    </message>
    <message>
        <source>no keychain support on this platform</source>
        <translation>no keychain support on this platform</translation>
    </message>
    <message>
        <source>the entry could not be deleted</source>
        <translation>the entry could not be deleted</translation>
    </message>
    <message>
        <source>keychain error</source>
        <translation>keychain error</translation>
    </message>
    <message>
        <source>could not store %1 in the keychain: %2</source>
        <translation>could not store %1 in the keychain: %2</translation>
    </message>
    <message>
        <source>could not read %1 from the keychain: %2</source>
        <translation>could not read %1 from the keychain: %2</translation>
    </message>
    <message>
        <source>could not remove %1 from the keychain: %2</source>
        <translation>could not remove %1 from the keychain: %2</translation>
    </message>
    <message>
        <source>; there is no D-Bus session bus (DBUS_SESSION_BUS_ADDRESS is not set)</source>
        <translation>; there is no D-Bus session bus (DBUS_SESSION_BUS_ADDRESS is not set)</translation>
    </message>
</context>
<context>
    <name>PrivateFile</name>
    <message>
        <source>cannot create directory %1</source>
        <translation>cannot create directory %1</translation>
    </message>
    <message>
        <source>cannot create %1: %2</source>
        <translation>cannot create %1: %2</translation>
    </message>
    <message>
        <source>%1 could not be created with owner-only permissions (0600)</source>
        <translation>%1 could not be created with owner-only permissions (0600)</translation>
    </message>
    <message>
        <source>cannot write %1: %2</source>
        <translation>cannot write %1: %2</translation>
    </message>
    <message>
        <source>cannot replace %1</source>
        <translation>cannot replace %1</translation>
    </message>
</context>
<context>
    <name>SecretStoreSelector</name>
    <message>
        <source>No keychain answered (%1), and the plaintext secrets file %2 could not be used: %3</source>
        <translation>No keychain answered (%1), and the plaintext secrets file %2 could not be used: %3</translation>
    </message>
    <message>
        <source>No keychain answered: no Secret Service (gnome-keyring, KeePassXC) or KWallet responded (%1). Switchyard keeps upstream API keys only in the OS keychain, so it cannot store or read them now. To fix this, install gnome-keyring (or KWallet), make sure it runs and is unlocked in your desktop session, and restart Switchyard. If you accept storing the keys unencrypted in a plaintext file readable by your user account, start Switchyard with --insecure-secrets-file (or set secrets/insecureFile to true in its settings).</source>
        <translation>No keychain answered: no Secret Service (gnome-keyring, KeePassXC) or KWallet responded (%1). Switchyard keeps upstream API keys only in the OS keychain, so it cannot store or read them now. To fix this, install gnome-keyring (or KWallet), make sure it runs and is unlocked in your desktop session, and restart Switchyard. If you accept storing the keys unencrypted in a plaintext file readable by your user account, start Switchyard with --insecure-secrets-file (or set secrets/insecureFile to true in its settings).</translation>
    </message>
</context>
<context>
    <name>Switchyard::AppController</name>
    <message>
        <source>Cannot create the data directory %1</source>
        <translation>Cannot create the data directory %1</translation>
    </message>
    <message>
        <source>The data directory %1 is not writable: %2</source>
        <translation>The data directory %1 is not writable: %2</translation>
    </message>
    <message>
        <source>Cannot open the database in %1: %2</source>
        <translation>Cannot open the database in %1: %2</translation>
    </message>
    <message>
        <source>No secret store is available.</source>
        <translation>No secret store is available.</translation>
    </message>
    <message>
        <source>Running without a secret store: channels that need an API key cannot be used. %1</source>
        <translation>Running without a secret store: channels that need an API key cannot be used. %1</translation>
    </message>
    <message>
        <source>Switchyard is not running.</source>
        <translation>Switchyard is not running.</translation>
    </message>
    <message>
        <source>The data directory %1 is not usable: %2</source>
        <translation>The data directory %1 is not usable: %2</translation>
    </message>
    <message>
        <source>unknown</source>
        <translation>unknown</translation>
    </message>
    <message>
        <source>Switchyard is already running for data dir %1 (pid %2)</source>
        <translation>Switchyard is already running for data dir %1 (pid %2)</translation>
    </message>
    <message>
        <source>Switchyard is already running for data dir %1 (pid %2); showed its window.</source>
        <translation>Switchyard is already running for data dir %1 (pid %2); showed its window.</translation>
    </message>
    <message>
        <source>Switchyard is already running for data dir %1 (pid %2) but did not answer: %3</source>
        <translation>Switchyard is already running for data dir %1 (pid %2) but did not answer: %3</translation>
    </message>
    <message>
        <source>Invalid config file %1: %2</source>
        <translation>Invalid config file %1: %2</translation>
    </message>
    <message>
        <source>Cannot export the configuration to %1: %2</source>
        <translation>Cannot export the configuration to %1: %2</translation>
    </message>
    <message>
        <source>Cannot listen on %1:%2</source>
        <translation>Cannot listen on %1:%2</translation>
    </message>
</context>
<context>
    <name>Switchyard::Autostart</name>
    <message>
        <source>Cannot create the folder %1</source>
        <translation>Cannot create the folder %1</translation>
    </message>
    <message>
        <source>Cannot write %1: %2</source>
        <translation>Cannot write %1: %2</translation>
    </message>
    <message>
        <source>Cannot remove %1: %2</source>
        <translation>Cannot remove %1: %2</translation>
    </message>
    <message>
        <source>Cannot change the registry key %1</source>
        <translation>Cannot change the registry key %1</translation>
    </message>
</context>
<context>
    <name>Switchyard::ChannelEditor</name>
    <message>
        <source>(no hint)</source>
        <translation>(no hint)</translation>
    </message>
    <message>
        <source>Disabled</source>
        <translation>Disabled</translation>
    </message>
    <message>
        <source>Disabled: %1</source>
        <translation>Disabled: %1</translation>
    </message>
    <message>
        <source>Active</source>
        <translation>Active</translation>
    </message>
    <message>
        <source>The channel needs a name without commas (routes name it as "channel,model").</source>
        <translation>The channel needs a name without commas (routes name it as "channel,model").</translation>
    </message>
    <message>
        <source>Cannot save the channel: %1</source>
        <translation>Cannot save the channel: %1</translation>
    </message>
    <message>
        <source>Cannot save the keys: %1</source>
        <translation>Cannot save the keys: %1</translation>
    </message>
    <message>
        <source>The channel no longer exists.</source>
        <translation>The channel no longer exists.</translation>
    </message>
    <message>
        <source>Keys cannot be stored: %1</source>
        <translation>Keys cannot be stored: %1</translation>
    </message>
    <message>
        <source>This key is already in the channel (%1).</source>
        <translation>This key is already in the channel (%1).</translation>
    </message>
    <message>
        <source>Cannot store the key: %1</source>
        <translation>Cannot store the key: %1</translation>
    </message>
    <message>
        <source>Remove key</source>
        <translation>Remove key</translation>
    </message>
    <message>
        <source>Remove the key %1 from channel %2? It is deleted from the keychain.</source>
        <translation>Remove the key %1 from channel %2? It is deleted from the keychain.</translation>
    </message>
    <message>
        <source>Keys cannot be read: %1</source>
        <translation>Keys cannot be read: %1</translation>
    </message>
    <message>
        <source>The key %1 is missing from the keychain.</source>
        <translation>The key %1 is missing from the keychain.</translation>
    </message>
    <message>
        <source>Cannot read the key %1: %2</source>
        <translation>Cannot read the key %1: %2</translation>
    </message>
    <message>
        <source>Failed: %1</source>
        <translation>Failed: %1</translation>
    </message>
    <message>
        <source>Testing…</source>
        <translation>Testing…</translation>
    </message>
    <message>
        <source>OK: %1 ms in total, first token after %2 ms.</source>
        <translation>OK: %1 ms in total, first token after %2 ms.</translation>
    </message>
    <message>
        <source>Reply: "%1"</source>
        <translation>Reply: "%1"</translation>
    </message>
    <message>
        <source>Discovery failed: %1</source>
        <translation>Discovery failed: %1</translation>
    </message>
    <message>
        <source>Discovering models…</source>
        <translation>Discovering models…</translation>
    </message>
    <message numerus="yes">
        <source>Found %n model(s), %1 new. Save to keep them.</source>
        <translation>
            <numerusform>Found %n model(s), %1 new. Save to keep them.</numerusform>
            <numerusform>Found %n model(s), %1 new. Save to keep them.</numerusform>
        </translation>
    </message>
    <message>
        <source>Name:</source>
        <translation>Name:</translation>
    </message>
    <message>
        <source>Base URL override:</source>
        <translation>Base URL override:</translation>
    </message>
    <message>
        <source>Priority:</source>
        <translation>Priority:</translation>
    </message>
    <message>
        <source>Weight:</source>
        <translation>Weight:</translation>
    </message>
    <message>
        <source>Daily request quota:</source>
        <translation>Daily request quota:</translation>
    </message>
    <message>
        <source>Daily budget:</source>
        <translation>Daily budget:</translation>
    </message>
    <message>
        <source>Network proxy:</source>
        <translation>Network proxy:</translation>
    </message>
    <message>
        <source>Routes name a channel and model as "channel,model"</source>
        <translation>Routes name a channel and model as "channel,model"</translation>
    </message>
    <message>
        <source>Lower runs first</source>
        <translation>Lower runs first</translation>
    </message>
    <message>
        <source>Unlimited</source>
        <translation>Unlimited</translation>
    </message>
    <message>
        <source>Enabled</source>
        <translation>Enabled</translation>
    </message>
    <message>
        <source>Models</source>
        <translation>Models</translation>
    </message>
    <message>
        <source>Model id</source>
        <translation>Model id</translation>
    </message>
    <message>
        <source>Add</source>
        <translation>Add</translation>
    </message>
    <message>
        <source>Remove</source>
        <translation>Remove</translation>
    </message>
    <message>
        <source>Discover models</source>
        <translation>Discover models</translation>
    </message>
    <message>
        <source>API keys</source>
        <translation>API keys</translation>
    </message>
    <message>
        <source>Key</source>
        <translation>Key</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>Paste an API key</source>
        <translation>Paste an API key</translation>
    </message>
    <message>
        <source>Add key</source>
        <translation>Add key</translation>
    </message>
    <message>
        <source>Re-enable</source>
        <translation>Re-enable</translation>
    </message>
    <message>
        <source>Keys are kept in the system keychain and shown only by their first characters.</source>
        <translation>Keys are kept in the system keychain and shown only by their first characters.</translation>
    </message>
    <message>
        <source>Test</source>
        <translation>Test</translation>
    </message>
    <message>
        <source>Model used for the test request</source>
        <translation>Model used for the test request</translation>
    </message>
    <message>
        <source>Save</source>
        <translation>Save</translation>
    </message>
    <message>
        <source>Revert</source>
        <translation>Revert</translation>
    </message>
</context>
<context>
    <name>Switchyard::ChannelModel</name>
    <message numerus="yes">
        <source>%n model(s)</source>
        <translation>
            <numerusform>%n model(s)</numerusform>
            <numerusform>%n model(s)</numerusform>
        </translation>
    </message>
    <message>
        <source>none</source>
        <translation>none</translation>
    </message>
    <message>
        <source>%1 (%2 disabled)</source>
        <translation>%1 (%2 disabled)</translation>
    </message>
    <message>
        <source>Channel</source>
        <translation>Channel</translation>
    </message>
    <message>
        <source>Models</source>
        <translation>Models</translation>
    </message>
    <message>
        <source>Priority</source>
        <translation>Priority</translation>
    </message>
    <message>
        <source>Weight</source>
        <translation>Weight</translation>
    </message>
    <message>
        <source>Keys</source>
        <translation>Keys</translation>
    </message>
    <message>
        <source>On</source>
        <translation>On</translation>
    </message>
</context>
<context>
    <name>Switchyard::ChannelTester</name>
    <message>
        <source>Testing %1 providers is not supported yet.</source>
        <translation>Testing %1 providers is not supported yet.</translation>
    </message>
    <message>
        <source>The base URL is empty or invalid.</source>
        <translation>The base URL is empty or invalid.</translation>
    </message>
    <message>
        <source>No model to test with: add a model first.</source>
        <translation>No model to test with: add a model first.</translation>
    </message>
    <message>
        <source>Connecting to %1…</source>
        <translation>Connecting to %1…</translation>
    </message>
    <message>
        <source>Waiting for the first token…</source>
        <translation>Waiting for the first token…</translation>
    </message>
    <message>
        <source>First token after %1 ms…</source>
        <translation>First token after %1 ms…</translation>
    </message>
    <message>
        <source>No complete answer within %1 s.</source>
        <translation>No complete answer within %1 s.</translation>
    </message>
    <message>
        <source>Cannot connect: %1</source>
        <translation>Cannot connect: %1</translation>
    </message>
    <message>
        <source>HTTP %1</source>
        <translation>HTTP %1</translation>
    </message>
    <message>
        <source>HTTP %1: %2</source>
        <translation>HTTP %1: %2</translation>
    </message>
    <message>
        <source>The stream reported an error: %1</source>
        <translation>The stream reported an error: %1</translation>
    </message>
    <message>
        <source>The stream broke off: %1</source>
        <translation>The stream broke off: %1</translation>
    </message>
    <message>
        <source>The answer is neither a stream nor JSON.</source>
        <translation>The answer is neither a stream nor JSON.</translation>
    </message>
    <message>
        <source>Listing the models of %1 providers is not supported yet.</source>
        <translation>Listing the models of %1 providers is not supported yet.</translation>
    </message>
    <message>
        <source>Asking %1 for its models…</source>
        <translation>Asking %1 for its models…</translation>
    </message>
    <message>
        <source>No answer within %1 s.</source>
        <translation>No answer within %1 s.</translation>
    </message>
    <message>
        <source>The model list is not JSON.</source>
        <translation>The model list is not JSON.</translation>
    </message>
    <message numerus="yes">
        <source>Received %n model(s)…</source>
        <translation>
            <numerusform>Received %n model(s)…</numerusform>
            <numerusform>Received %n model(s)…</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>Switchyard::ClientKeyModel</name>
    <message>
        <source>Disabled</source>
        <translation>Disabled</translation>
    </message>
    <message>
        <source>Expired</source>
        <translation>Expired</translation>
    </message>
    <message>
        <source>Active</source>
        <translation>Active</translation>
    </message>
    <message>
        <source>Never</source>
        <translation>Never</translation>
    </message>
    <message>
        <source>Unlimited</source>
        <translation>Unlimited</translation>
    </message>
    <message>
        <source>All models</source>
        <translation>All models</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>Name</translation>
    </message>
    <message>
        <source>Key</source>
        <translation>Key</translation>
    </message>
    <message>
        <source>Created</source>
        <translation>Created</translation>
    </message>
    <message>
        <source>Expires</source>
        <translation>Expires</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>Daily budget</source>
        <translation>Daily budget</translation>
    </message>
    <message>
        <source>Allowed models</source>
        <translation>Allowed models</translation>
    </message>
    <message>
        <source>Slot map</source>
        <translation>Slot map</translation>
    </message>
</context>
<context>
    <name>Switchyard::ClientKeysPage</name>
    <message>
        <source>Copied</source>
        <translation>Copied</translation>
    </message>
    <message>
        <source>Tools such as Claude Code and the OpenAI SDKs send one of these keys to Switchyard. Give each tool or machine its own key, so you can limit, watch and revoke it on its own.</source>
        <translation>Tools such as Claude Code and the OpenAI SDKs send one of these keys to Switchyard. Give each tool or machine its own key, so you can limit, watch and revoke it on its own.</translation>
    </message>
    <message>
        <source>Name of the new key, e.g. laptop or claude-code</source>
        <translation>Name of the new key, e.g. laptop or claude-code</translation>
    </message>
    <message>
        <source>Create key</source>
        <translation>Create key</translation>
    </message>
    <message>
        <source>Copy</source>
        <translation>Copy</translation>
    </message>
    <message>
        <source>Copy this key now: you will not see it again. Switchyard keeps only a hash of it and cannot show it later.</source>
        <translation>Copy this key now: you will not see it again. Switchyard keeps only a hash of it and cannot show it later.</translation>
    </message>
    <message>
        <source>Done</source>
        <translation>Done</translation>
    </message>
    <message>
        <source>New key for “%1”</source>
        <translation>New key for “%1”</translation>
    </message>
    <message>
        <source>Selected key</source>
        <translation>Selected key</translation>
    </message>
    <message>
        <source>&amp;Name:</source>
        <translation>&amp;Name:</translation>
    </message>
    <message>
        <source>E&amp;xpires:</source>
        <translation>E&amp;xpires:</translation>
    </message>
    <message>
        <source>Never</source>
        <translation>Never</translation>
    </message>
    <message>
        <source>Daily &amp;budget:</source>
        <translation>Daily &amp;budget:</translation>
    </message>
    <message>
        <source>Unlimited</source>
        <translation>Unlimited</translation>
    </message>
    <message>
        <source>US dollars per day, by the price table. Requests beyond it get a 429 error naming the budget. 0 = unlimited.</source>
        <translation>US dollars per day, by the price table. Requests beyond it get a 429 error naming the budget. 0 = unlimited.</translation>
    </message>
    <message>
        <source>&amp;Allowed models:</source>
        <translation>&amp;Allowed models:</translation>
    </message>
    <message>
        <source>All models. Or list them, one per line or separated by commas; * and ? match any text.</source>
        <translation>All models. Or list them, one per line or separated by commas; * and ? match any text.</translation>
    </message>
    <message>
        <source>Slot map:</source>
        <translation>Slot map:</translation>
    </message>
    <message>
        <source>Where Claude Code's opus, sonnet and haiku requests go for this key, before any other routing rule.</source>
        <translation>Where Claude Code's opus, sonnet and haiku requests go for this key, before any other routing rule.</translation>
    </message>
    <message>
        <source>Save</source>
        <translation>Save</translation>
    </message>
    <message>
        <source>Revert</source>
        <translation>Revert</translation>
    </message>
    <message>
        <source>Delete…</source>
        <translation>Delete…</translation>
    </message>
    <message>
        <source>Could not save the key: %1</source>
        <translation>Could not save the key: %1</translation>
    </message>
    <message>
        <source>Switchyard is not running.</source>
        <translation>Switchyard is not running.</translation>
    </message>
    <message>
        <source>Enter a name for the new key first.</source>
        <translation>Enter a name for the new key first.</translation>
    </message>
    <message>
        <source>A key named “%1” exists already.</source>
        <translation>A key named “%1” exists already.</translation>
    </message>
    <message>
        <source>Created the key “%1”.</source>
        <translation>Created the key “%1”.</translation>
    </message>
    <message>
        <source>This key no longer exists.</source>
        <translation>This key no longer exists.</translation>
    </message>
    <message>
        <source>A key needs a name.</source>
        <translation>A key needs a name.</translation>
    </message>
    <message>
        <source>The %1 target “%2” names no channel or group yet.</source>
        <translation>The %1 target “%2” names no channel or group yet.</translation>
    </message>
    <message>
        <source>The expiry is in the past: this key no longer works.</source>
        <translation>The expiry is in the past: this key no longer works.</translation>
    </message>
    <message>
        <source>Saved.</source>
        <translation>Saved.</translation>
    </message>
    <message>
        <source>Disabled: requests with this key are refused now.</source>
        <translation>Disabled: requests with this key are refused now.</translation>
    </message>
    <message>
        <source>Enabled: the key works again.</source>
        <translation>Enabled: the key works again.</translation>
    </message>
    <message>
        <source>Delete client key</source>
        <translation>Delete client key</translation>
    </message>
    <message>
        <source>Delete the key “%1” (%2…)? Tools that use it are refused from now on. This cannot be undone.</source>
        <translation>Delete the key “%1” (%2…)? Tools that use it are refused from now on. This cannot be undone.</translation>
    </message>
    <message>
        <source>Delete</source>
        <translation>Delete</translation>
    </message>
    <message>
        <source>Could not delete the key: %1</source>
        <translation>Could not delete the key: %1</translation>
    </message>
    <message>
        <source>Enable</source>
        <translation>Enable</translation>
    </message>
    <message>
        <source>Disable</source>
        <translation>Disable</translation>
    </message>
</context>
<context>
    <name>Switchyard::ConnectClaudeWidget</name>
    <message>
        <source>Connect Claude Code writes the proxy's address and a Switchyard client key into ~/.claude/settings.json. The file's other settings are kept and a backup is made; your provider keys never go there.</source>
        <translation>Connect Claude Code writes the proxy's address and a Switchyard client key into ~/.claude/settings.json. The file's other settings are kept and a backup is made; your provider keys never go there.</translation>
    </message>
    <message>
        <source>Connect Claude Code</source>
        <translation>Connect Claude Code</translation>
    </message>
    <message>
        <source>Restore previous settings</source>
        <translation>Restore previous settings</translation>
    </message>
    <message>
        <source>Or set these variables in a terminal:</source>
        <translation>Or set these variables in a terminal:</translation>
    </message>
    <message>
        <source>Copy lines</source>
        <translation>Copy lines</translation>
    </message>
    <message>
        <source>Claude Code now uses Switchyard. New sessions pick it up; restart running ones.</source>
        <translation>Claude Code now uses Switchyard. New sessions pick it up; restart running ones.</translation>
    </message>
    <message>
        <source>The previous Claude Code settings are back.</source>
        <translation>The previous Claude Code settings are back.</translation>
    </message>
    <message>
        <source>Reconnect Claude Code</source>
        <translation>Reconnect Claude Code</translation>
    </message>
    <message>
        <source>Claude Code is connected to this proxy.</source>
        <translation>Claude Code is connected to this proxy.</translation>
    </message>
    <message>
        <source>Claude Code is not connected yet.</source>
        <translation>Claude Code is not connected yet.</translation>
    </message>
</context>
<context>
    <name>Switchyard::DashboardPage</name>
    <message>
        <source>Proxy</source>
        <translation>Proxy</translation>
    </message>
    <message>
        <source>Base URL:</source>
        <translation>Base URL:</translation>
    </message>
    <message>
        <source>Copy</source>
        <translation>Copy</translation>
    </message>
    <message>
        <source>Today</source>
        <translation>Today</translation>
    </message>
    <message>
        <source>Requests</source>
        <translation>Requests</translation>
    </message>
    <message>
        <source>Tokens</source>
        <translation>Tokens</translation>
    </message>
    <message>
        <source>Cost</source>
        <translation>Cost</translation>
    </message>
    <message>
        <source>Channel health</source>
        <translation>Channel health</translation>
    </message>
    <message>
        <source>No channel has been used since the proxy started.</source>
        <translation>No channel has been used since the proxy started.</translation>
    </message>
    <message>
        <source>Active Claude Code sessions</source>
        <translation>Active Claude Code sessions</translation>
    </message>
    <message>
        <source>No Claude Code session sent a request in the last 30 minutes.</source>
        <translation>No Claude Code session sent a request in the last 30 minutes.</translation>
    </message>
    <message>
        <source>Session</source>
        <translation>Session</translation>
    </message>
    <message>
        <source>Last model</source>
        <translation>Last model</translation>
    </message>
    <message>
        <source>Last request</source>
        <translation>Last request</translation>
    </message>
    <message>
        <source>Claude Code</source>
        <translation>Claude Code</translation>
    </message>
    <message>
        <source>The proxy is stopped.</source>
        <translation>The proxy is stopped.</translation>
    </message>
    <message>
        <source>The proxy is running, but some channels are failing.</source>
        <translation>The proxy is running, but some channels are failing.</translation>
    </message>
    <message>
        <source>The proxy is running.</source>
        <translation>The proxy is running.</translation>
    </message>
    <message>
        <source>(not listening)</source>
        <translation>(not listening)</translation>
    </message>
    <message>
        <source>Stop proxy</source>
        <translation>Stop proxy</translation>
    </message>
    <message>
        <source>Start proxy</source>
        <translation>Start proxy</translation>
    </message>
    <message>
        <source>Forced off</source>
        <translation>Forced off</translation>
    </message>
    <message>
        <source>Forced on</source>
        <translation>Forced on</translation>
    </message>
    <message>
        <source>Paused</source>
        <translation>Paused</translation>
    </message>
    <message>
        <source>Probing</source>
        <translation>Probing</translation>
    </message>
    <message>
        <source>Healthy</source>
        <translation>Healthy</translation>
    </message>
    <message>
        <source>TTFT –</source>
        <translation>TTFT –</translation>
    </message>
    <message>
        <source>TTFT %1 ms</source>
        <translation>TTFT %1 ms</translation>
    </message>
    <message>
        <source>no recent requests</source>
        <translation>no recent requests</translation>
    </message>
    <message>
        <source>%1% ok</source>
        <translation>%1% ok</translation>
    </message>
    <message>
        <source>Last error: %1</source>
        <translation>Last error: %1</translation>
    </message>
</context>
<context>
    <name>Switchyard::FirstRunClaudePage</name>
    <message>
        <source>Connect Claude Code</source>
        <translation>Connect Claude Code</translation>
    </message>
    <message>
        <source>Point Claude Code at Switchyard with one click, or skip this and do it later from the dashboard.</source>
        <translation>Point Claude Code at Switchyard with one click, or skip this and do it later from the dashboard.</translation>
    </message>
    <message>
        <source>Your provider is set up and is the default route.</source>
        <translation>Your provider is set up and is the default route.</translation>
    </message>
</context>
<context>
    <name>Switchyard::FirstRunKeyPage</name>
    <message>
        <source>There is no key store yet: no system keychain answered. Close the wizard and use the banner at the top of the window to choose where keys are kept.</source>
        <translation>There is no key store yet: no system keychain answered. Close the wizard and use the banner at the top of the window to choose where keys are kept.</translation>
    </message>
    <message>
        <source>Paste your key</source>
        <translation>Paste your key</translation>
    </message>
    <message>
        <source>The key is kept in Switchyard's unencrypted key file (no keychain is available) and never shown again in full.</source>
        <translation>The key is kept in Switchyard's unencrypted key file (no keychain is available) and never shown again in full.</translation>
    </message>
    <message>
        <source>The key is kept in your system keychain and never shown again in full.</source>
        <translation>The key is kept in your system keychain and never shown again in full.</translation>
    </message>
    <message>
        <source>API key:</source>
        <translation>API key:</translation>
    </message>
    <message>
        <source>Base URL:</source>
        <translation>Base URL:</translation>
    </message>
    <message>
        <source>Model:</source>
        <translation>Model:</translation>
    </message>
    <message>
        <source>%1 needs no key. Check that it is running at the base URL below.</source>
        <translation>%1 needs no key. Check that it is running at the base URL below.</translation>
    </message>
    <message>
        <source>Create a key at &lt;a href="%1"&gt;%1&lt;/a&gt; and paste it here.</source>
        <translation>Create a key at &lt;a href="%1"&gt;%1&lt;/a&gt; and paste it here.</translation>
    </message>
    <message>
        <source>Paste the API key of your provider.</source>
        <translation>Paste the API key of your provider.</translation>
    </message>
</context>
<context>
    <name>Switchyard::FirstRunPresetPage</name>
    <message>
        <source>Pick a provider</source>
        <translation>Pick a provider</translation>
    </message>
    <message>
        <source>Where should Switchyard send requests? You can add more providers later.</source>
        <translation>Where should Switchyard send requests? You can add more providers later.</translation>
    </message>
    <message>
        <source>Choose the service you have an API key for, or a local Ollama.</source>
        <translation>Choose the service you have an API key for, or a local Ollama.</translation>
    </message>
</context>
<context>
    <name>Switchyard::FirstRunTestPage</name>
    <message>
        <source>Sending a short request to %1…</source>
        <translation>Sending a short request to %1…</translation>
    </message>
    <message>
        <source>It works: answered in %1 ms, first token after %2 ms.</source>
        <translation>It works: answered in %1 ms, first token after %2 ms.</translation>
    </message>
    <message>
        <source>The test failed: %1
You can go back and fix the key or URL, or continue and fix it later on the Providers page.</source>
        <translation>The test failed: %1
You can go back and fix the key or URL, or continue and fix it later on the Providers page.</translation>
    </message>
    <message>
        <source>Test the connection</source>
        <translation>Test the connection</translation>
    </message>
    <message>
        <source>Switchyard sends one tiny request with your key, straight to the provider.</source>
        <translation>Switchyard sends one tiny request with your key, straight to the provider.</translation>
    </message>
    <message>
        <source>Next stores the provider and makes this model the default route.</source>
        <translation>Next stores the provider and makes this model the default route.</translation>
    </message>
    <message>
        <source>Test again</source>
        <translation>Test again</translation>
    </message>
</context>
<context>
    <name>Switchyard::FirstRunWizard</name>
    <message>
        <source>Welcome to Switchyard</source>
        <translation>Welcome to Switchyard</translation>
    </message>
    <message>
        <source>Nothing to save.</source>
        <translation>Nothing to save.</translation>
    </message>
    <message>
        <source>There is no key store: no system keychain answered.</source>
        <translation>There is no key store: no system keychain answered.</translation>
    </message>
</context>
<context>
    <name>Switchyard::GroupModel</name>
    <message>
        <source>unlimited</source>
        <translation>unlimited</translation>
    </message>
    <message>
        <source>Priority (fallback in order)</source>
        <translation>Priority (fallback in order)</translation>
    </message>
    <message>
        <source>Weighted round robin</source>
        <translation>Weighted round robin</translation>
    </message>
    <message>
        <source>Least connections</source>
        <translation>Least connections</translation>
    </message>
    <message>
        <source>Fastest response</source>
        <translation>Fastest response</translation>
    </message>
    <message>
        <source>Cheapest</source>
        <translation>Cheapest</translation>
    </message>
    <message>
        <source>Hybrid score</source>
        <translation>Hybrid score</translation>
    </message>
    <message>
        <source>Pinned member</source>
        <translation>Pinned member</translation>
    </message>
    <message>
        <source>Auto</source>
        <translation>Auto</translation>
    </message>
    <message>
        <source>Group</source>
        <translation>Group</translation>
    </message>
    <message>
        <source>Strategy</source>
        <translation>Strategy</translation>
    </message>
    <message>
        <source>Members</source>
        <translation>Members</translation>
    </message>
    <message>
        <source>Enabled</source>
        <translation>Enabled</translation>
    </message>
    <message>
        <source>Daily budget</source>
        <translation>Daily budget</translation>
    </message>
    <message>
        <source>Max per request</source>
        <translation>Max per request</translation>
    </message>
</context>
<context>
    <name>Switchyard::GroupsPage</name>
    <message>
        <source>Pick a channel and a model to add.</source>
        <translation>Pick a channel and a model to add.</translation>
    </message>
    <message>
        <source>The group needs a name: the model name clients ask for, such as auto:fast.</source>
        <translation>The group needs a name: the model name clients ask for, such as auto:fast.</translation>
    </message>
    <message>
        <source>A group name cannot contain a comma: "&lt;channel&gt;,&lt;model&gt;" names a channel's model.</source>
        <translation>A group name cannot contain a comma: "&lt;channel&gt;,&lt;model&gt;" names a channel's model.</translation>
    </message>
    <message>
        <source>Another group is already called %1.</source>
        <translation>Another group is already called %1.</translation>
    </message>
    <message>
        <source>Channel %1 offers a model called %2; pick another group name.</source>
        <translation>Channel %1 offers a model called %2; pick another group name.</translation>
    </message>
    <message>
        <source>Could not save the group: %1</source>
        <translation>Could not save the group: %1</translation>
    </message>
    <message>
        <source>Saved %1.</source>
        <translation>Saved %1.</translation>
    </message>
    <message>
        <source>Delete group</source>
        <translation>Delete group</translation>
    </message>
    <message>
        <source>Delete the model group %1? Clients asking for it get routed by the other rules.</source>
        <translation>Delete the model group %1? Clients asking for it get routed by the other rules.</translation>
    </message>
    <message>
        <source>Delete</source>
        <translation>Delete</translation>
    </message>
    <message>
        <source>Could not delete %1: %2</source>
        <translation>Could not delete %1: %2</translation>
    </message>
    <message>
        <source>Deleted %1.</source>
        <translation>Deleted %1.</translation>
    </message>
    <message>
        <source>Model groups</source>
        <translation>Model groups</translation>
    </message>
    <message>
        <source>A group is a virtual model (such as auto:fast) that clients ask for by name. Its members are tried in the order of the strategy; the list order is their priority.</source>
        <translation>A group is a virtual model (such as auto:fast) that clients ask for by name. Its members are tried in the order of the strategy; the list order is their priority.</translation>
    </message>
    <message>
        <source>New group</source>
        <translation>New group</translation>
    </message>
    <message>
        <source>Group</source>
        <translation>Group</translation>
    </message>
    <message>
        <source>Name (model):</source>
        <translation>Name (model):</translation>
    </message>
    <message>
        <source>auto:fast</source>
        <translation>auto:fast</translation>
    </message>
    <message>
        <source>Strategy:</source>
        <translation>Strategy:</translation>
    </message>
    <message>
        <source>Enabled</source>
        <translation>Enabled</translation>
    </message>
    <message>
        <source>Daily budget:</source>
        <translation>Daily budget:</translation>
    </message>
    <message>
        <source>unlimited</source>
        <translation>unlimited</translation>
    </message>
    <message>
        <source>Max cost per request:</source>
        <translation>Max cost per request:</translation>
    </message>
    <message>
        <source>Pinned member:</source>
        <translation>Pinned member:</translation>
    </message>
    <message>
        <source>Hybrid weights</source>
        <translation>Hybrid weights</translation>
    </message>
    <message>
        <source>Latency:</source>
        <translation>Latency:</translation>
    </message>
    <message>
        <source>Cost:</source>
        <translation>Cost:</translation>
    </message>
    <message>
        <source>Success rate:</source>
        <translation>Success rate:</translation>
    </message>
    <message>
        <source>Remaining budget:</source>
        <translation>Remaining budget:</translation>
    </message>
    <message>
        <source>Context fit:</source>
        <translation>Context fit:</translation>
    </message>
    <message>
        <source>Members</source>
        <translation>Members</translation>
    </message>
    <message>
        <source>Add member</source>
        <translation>Add member</translation>
    </message>
    <message>
        <source>Remove</source>
        <translation>Remove</translation>
    </message>
    <message>
        <source>Move up</source>
        <translation>Move up</translation>
    </message>
    <message>
        <source>Move down</source>
        <translation>Move down</translation>
    </message>
    <message>
        <source>Drag rows to reorder. Unticked tags: the member is not filtered for them.</source>
        <translation>Drag rows to reorder. Unticked tags: the member is not filtered for them.</translation>
    </message>
    <message>
        <source>Time policies</source>
        <translation>Time policies</translation>
    </message>
    <message>
        <source>Save group</source>
        <translation>Save group</translation>
    </message>
    <message>
        <source>Revert</source>
        <translation>Revert</translation>
    </message>
</context>
<context>
    <name>Switchyard::LogModel</name>
    <message>
        <source>Time</source>
        <translation>Time</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>Model</source>
        <translation>Model</translation>
    </message>
    <message>
        <source>Channel</source>
        <translation>Channel</translation>
    </message>
    <message>
        <source>Route</source>
        <translation>Route</translation>
    </message>
    <message>
        <source>Session</source>
        <translation>Session</translation>
    </message>
    <message>
        <source>Latency</source>
        <translation>Latency</translation>
    </message>
    <message>
        <source>TTFT</source>
        <translation>TTFT</translation>
    </message>
    <message>
        <source>Tokens</source>
        <translation>Tokens</translation>
    </message>
    <message>
        <source>Cost</source>
        <translation>Cost</translation>
    </message>
    <message>
        <source>Failovers</source>
        <translation>Failovers</translation>
    </message>
    <message>
        <source>Error</source>
        <translation>Error</translation>
    </message>
</context>
<context>
    <name>Switchyard::LogsPage</name>
    <message>
        <source>All models</source>
        <translation>All models</translation>
    </message>
    <message>
        <source>All channels</source>
        <translation>All channels</translation>
    </message>
    <message>
        <source>Showing the newest %1 requests; narrow the filters to see older ones.</source>
        <translation>Showing the newest %1 requests; narrow the filters to see older ones.</translation>
    </message>
    <message>
        <source>%1 requests</source>
        <translation>%1 requests</translation>
    </message>
    <message>
        <source>Select a request to see its details.</source>
        <translation>Select a request to see its details.</translation>
    </message>
    <message>
        <source>%1 · %2 · HTTP %3 %4 · %5 · %6</source>
        <translation>%1 · %2 · HTTP %3 %4 · %5 · %6</translation>
    </message>
    <message>
        <source>Latency %1, first token %2 · %3 in, %4 out, %5 cache read, %6 cache write · %7</source>
        <translation>Latency %1, first token %2 · %3 in, %4 out, %5 cache read, %6 cache write · %7</translation>
    </message>
    <message>
        <source>(not recorded)</source>
        <translation>(not recorded)</translation>
    </message>
    <message>
        <source>Not captured. Turn on body capture in the settings to record headers and bodies of new requests.</source>
        <translation>Not captured. Turn on body capture in the settings to record headers and bodies of new requests.</translation>
    </message>
    <message>
        <source>Last hour</source>
        <translation>Last hour</translation>
    </message>
    <message>
        <source>Today</source>
        <translation>Today</translation>
    </message>
    <message>
        <source>Last 7 days</source>
        <translation>Last 7 days</translation>
    </message>
    <message>
        <source>Last 30 days</source>
        <translation>Last 30 days</translation>
    </message>
    <message>
        <source>All time</source>
        <translation>All time</translation>
    </message>
    <message>
        <source>All statuses</source>
        <translation>All statuses</translation>
    </message>
    <message>
        <source>Success</source>
        <translation>Success</translation>
    </message>
    <message>
        <source>Errors</source>
        <translation>Errors</translation>
    </message>
    <message>
        <source>Session id</source>
        <translation>Session id</translation>
    </message>
    <message>
        <source>Search id, model, channel, error…</source>
        <translation>Search id, model, channel, error…</translation>
    </message>
    <message>
        <source>Copy error</source>
        <translation>Copy error</translation>
    </message>
    <message>
        <source>Route reason:</source>
        <translation>Route reason:</translation>
    </message>
    <message>
        <source>#</source>
        <translation>#</translation>
    </message>
    <message>
        <source>Channel</source>
        <translation>Channel</translation>
    </message>
    <message>
        <source>Model</source>
        <translation>Model</translation>
    </message>
    <message>
        <source>Key</source>
        <translation>Key</translation>
    </message>
    <message>
        <source>Outcome</source>
        <translation>Outcome</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>Error</source>
        <translation>Error</translation>
    </message>
    <message>
        <source>Time</source>
        <translation>Time</translation>
    </message>
    <message>
        <source>Route trace</source>
        <translation>Route trace</translation>
    </message>
    <message>
        <source>Headers</source>
        <translation>Headers</translation>
    </message>
    <message>
        <source>Request body</source>
        <translation>Request body</translation>
    </message>
    <message>
        <source>Response body</source>
        <translation>Response body</translation>
    </message>
</context>
<context>
    <name>Switchyard::MainWindow</name>
    <message>
        <source>Switchyard</source>
        <translation>Switchyard</translation>
    </message>
    <message>
        <source>Keep keys in an unencrypted file…</source>
        <translation>Keep keys in an unencrypted file…</translation>
    </message>
    <message>
        <source>No keychain available</source>
        <translation>No keychain available</translation>
    </message>
    <message>
        <source>No system keychain answered, so Switchyard cannot store upstream API keys securely.</source>
        <translation>No system keychain answered, so Switchyard cannot store upstream API keys securely.</translation>
    </message>
    <message>
        <source>It can keep them in a plaintext file in its data directory instead, readable only by your user account. Anyone who can read your files can then read the keys.</source>
        <translation>It can keep them in a plaintext file in its data directory instead, readable only by your user account. Anyone who can read your files can then read the keys.</translation>
    </message>
    <message>
        <source>Store keys unencrypted</source>
        <translation>Store keys unencrypted</translation>
    </message>
    <message>
        <source>Could not switch the key store: %1</source>
        <translation>Could not switch the key store: %1</translation>
    </message>
    <message>
        <source>No system keychain answered, so upstream API keys cannot be stored securely. Install and unlock a Secret Service (GNOME Keyring or KWallet) and restart Switchyard, or keep keys in a plaintext file that only your user can read.</source>
        <translation>No system keychain answered, so upstream API keys cannot be stored securely. Install and unlock a Secret Service (GNOME Keyring or KWallet) and restart Switchyard, or keep keys in a plaintext file that only your user can read.</translation>
    </message>
    <message>
        <source>Upstream API keys are stored UNENCRYPTED in a file in the data directory, because no system keychain is available.</source>
        <translation>Upstream API keys are stored UNENCRYPTED in a file in the data directory, because no system keychain is available.</translation>
    </message>
    <message>
        <source>Dashboard</source>
        <translation>Dashboard</translation>
    </message>
    <message>
        <source>Providers &amp; channels</source>
        <translation>Providers &amp; channels</translation>
    </message>
    <message>
        <source>Model groups</source>
        <translation>Model groups</translation>
    </message>
    <message>
        <source>Routing</source>
        <translation>Routing</translation>
    </message>
    <message>
        <source>Client keys</source>
        <translation>Client keys</translation>
    </message>
    <message>
        <source>Usage</source>
        <translation>Usage</translation>
    </message>
    <message>
        <source>Logs</source>
        <translation>Logs</translation>
    </message>
    <message>
        <source>Settings</source>
        <translation>Settings</translation>
    </message>
</context>
<context>
    <name>Switchyard::MemberModel</name>
    <message>
        <source>Channel</source>
        <translation>Channel</translation>
    </message>
    <message>
        <source>Model</source>
        <translation>Model</translation>
    </message>
    <message>
        <source>Priority</source>
        <translation>Priority</translation>
    </message>
    <message>
        <source>Weight</source>
        <translation>Weight</translation>
    </message>
    <message>
        <source>Tools</source>
        <translation>Tools</translation>
    </message>
    <message>
        <source>Vision</source>
        <translation>Vision</translation>
    </message>
    <message>
        <source>Thinking</source>
        <translation>Thinking</translation>
    </message>
    <message>
        <source>Context window</source>
        <translation>Context window</translation>
    </message>
    <message>
        <source>Input $/MTok</source>
        <translation>Input $/MTok</translation>
    </message>
    <message>
        <source>Output $/MTok</source>
        <translation>Output $/MTok</translation>
    </message>
</context>
<context>
    <name>Switchyard::Notifier</name>
    <message>
        <source>(%1 more like this)</source>
        <translation>(%1 more like this)</translation>
    </message>
    <message>
        <source>%1 (%2)</source>
        <translation>%1 (%2)</translation>
    </message>
    <message>
        <source>Failover</source>
        <translation>Failover</translation>
    </message>
    <message>
        <source>%1 failed: %2</source>
        <translation>%1 failed: %2</translation>
    </message>
    <message>
        <source>%1 → %2: %3</source>
        <translation>%1 → %2: %3</translation>
    </message>
    <message>
        <source>Channel paused</source>
        <translation>Channel paused</translation>
    </message>
    <message>
        <source>%1 keeps failing, requests go elsewhere for now: %2</source>
        <translation>%1 keeps failing, requests go elsewhere for now: %2</translation>
    </message>
    <message>
        <source>Channel recovered</source>
        <translation>Channel recovered</translation>
    </message>
    <message>
        <source>%1 takes requests again.</source>
        <translation>%1 takes requests again.</translation>
    </message>
    <message>
        <source>Key disabled</source>
        <translation>Key disabled</translation>
    </message>
    <message>
        <source>Key %1 of %2 was disabled: %3</source>
        <translation>Key %1 of %2 was disabled: %3</translation>
    </message>
    <message>
        <source>Budget at %1%</source>
        <translation>Budget at %1%</translation>
    </message>
    <message>
        <source>%1 has used %2% of its daily limit.</source>
        <translation>%1 has used %2% of its daily limit.</translation>
    </message>
    <message>
        <source>Budget used up</source>
        <translation>Budget used up</translation>
    </message>
    <message>
        <source>%1 reached its daily limit; its requests are refused until tomorrow.</source>
        <translation>%1 reached its daily limit; its requests are refused until tomorrow.</translation>
    </message>
</context>
<context>
    <name>Switchyard::PriceModel</name>
    <message>
        <source>Model</source>
        <translation>Model</translation>
    </message>
    <message>
        <source>Input $/MTok</source>
        <translation>Input $/MTok</translation>
    </message>
    <message>
        <source>Output $/MTok</source>
        <translation>Output $/MTok</translation>
    </message>
    <message>
        <source>Cache read $/MTok</source>
        <translation>Cache read $/MTok</translation>
    </message>
    <message>
        <source>Cache write $/MTok</source>
        <translation>Cache write $/MTok</translation>
    </message>
</context>
<context>
    <name>Switchyard::ProviderEditor</name>
    <message>
        <source>The provider needs a name.</source>
        <translation>The provider needs a name.</translation>
    </message>
    <message>
        <source>The base URL must be a full URL such as https://api.example.com/v1.</source>
        <translation>The base URL must be a full URL such as https://api.example.com/v1.</translation>
    </message>
    <message>
        <source>Cannot save the provider: %1</source>
        <translation>Cannot save the provider: %1</translation>
    </message>
    <message>
        <source>Name:</source>
        <translation>Name:</translation>
    </message>
    <message>
        <source>API:</source>
        <translation>API:</translation>
    </message>
    <message>
        <source>Base URL:</source>
        <translation>Base URL:</translation>
    </message>
    <message>
        <source>Capabilities:</source>
        <translation>Capabilities:</translation>
    </message>
    <message>
        <source>Enabled</source>
        <translation>Enabled</translation>
    </message>
    <message>
        <source>tools, vision, thinking</source>
        <translation>tools, vision, thinking</translation>
    </message>
    <message>
        <source>Comma-separated capability tags used by model groups</source>
        <translation>Comma-separated capability tags used by model groups</translation>
    </message>
    <message>
        <source>The proxy does not route to this API yet.</source>
        <translation>The proxy does not route to this API yet.</translation>
    </message>
    <message>
        <source>Prices per model (USD per million tokens)</source>
        <translation>Prices per model (USD per million tokens)</translation>
    </message>
    <message>
        <source>A model id or a glob such as gpt-4o*; double-click a cell to edit</source>
        <translation>A model id or a glob such as gpt-4o*; double-click a cell to edit</translation>
    </message>
    <message>
        <source>Add price</source>
        <translation>Add price</translation>
    </message>
    <message>
        <source>Remove price</source>
        <translation>Remove price</translation>
    </message>
    <message>
        <source>Save</source>
        <translation>Save</translation>
    </message>
    <message>
        <source>Revert</source>
        <translation>Revert</translation>
    </message>
</context>
<context>
    <name>Switchyard::ProviderModel</name>
    <message>
        <source>Anthropic Messages</source>
        <translation>Anthropic Messages</translation>
    </message>
    <message>
        <source>OpenAI-compatible</source>
        <translation>OpenAI-compatible</translation>
    </message>
    <message>
        <source>Gemini</source>
        <translation>Gemini</translation>
    </message>
    <message>
        <source>OpenAI Responses</source>
        <translation>OpenAI Responses</translation>
    </message>
    <message>
        <source>Provider</source>
        <translation>Provider</translation>
    </message>
    <message>
        <source>API</source>
        <translation>API</translation>
    </message>
    <message>
        <source>Channels</source>
        <translation>Channels</translation>
    </message>
    <message>
        <source>On</source>
        <translation>On</translation>
    </message>
</context>
<context>
    <name>Switchyard::ProviderPresets</name>
    <message>
        <source>Claude models, native Messages API</source>
        <translation>Claude models, native Messages API</translation>
    </message>
    <message>
        <source>GPT models, Chat Completions API</source>
        <translation>GPT models, Chat Completions API</translation>
    </message>
    <message>
        <source>DeepSeek chat and reasoner models</source>
        <translation>DeepSeek chat and reasoner models</translation>
    </message>
    <message>
        <source>One key for models of many vendors</source>
        <translation>One key for models of many vendors</translation>
    </message>
    <message>
        <source>Gemini API (not routed by the proxy yet)</source>
        <translation>Gemini API (not routed by the proxy yet)</translation>
    </message>
    <message>
        <source>Very fast inference of open models</source>
        <translation>Very fast inference of open models</translation>
    </message>
    <message>
        <source>Open models hosted in China</source>
        <translation>Open models hosted in China</translation>
    </message>
    <message>
        <source>Doubao and hosted models (ByteDance)</source>
        <translation>Doubao and hosted models (ByteDance)</translation>
    </message>
    <message>
        <source>Kimi models</source>
        <translation>Kimi models</translation>
    </message>
    <message>
        <source>GLM models</source>
        <translation>GLM models</translation>
    </message>
    <message>
        <source>Local models on this computer, no key needed</source>
        <translation>Local models on this computer, no key needed</translation>
    </message>
    <message>
        <source>Any other server with an OpenAI-compatible API</source>
        <translation>Any other server with an OpenAI-compatible API</translation>
    </message>
</context>
<context>
    <name>Switchyard::ProvidersPage</name>
    <message>
        <source>Cannot read the configuration: %1</source>
        <translation>Cannot read the configuration: %1</translation>
    </message>
    <message>
        <source>Custom</source>
        <translation>Custom</translation>
    </message>
    <message>
        <source>Cannot add the provider: %1</source>
        <translation>Cannot add the provider: %1</translation>
    </message>
    <message>
        <source>The provider was added, but not its first channel: %1</source>
        <translation>The provider was added, but not its first channel: %1</translation>
    </message>
    <message>
        <source>Cannot add the channel: %1</source>
        <translation>Cannot add the channel: %1</translation>
    </message>
    <message>
        <source>Delete provider</source>
        <translation>Delete provider</translation>
    </message>
    <message numerus="yes">
        <source>Delete the provider %1 with its %n channel(s) and their keys?</source>
        <translation>
            <numerusform>Delete the provider %1 with its %n channel(s) and their keys?</numerusform>
            <numerusform>Delete the provider %1 with its %n channel(s) and their keys?</numerusform>
        </translation>
    </message>
    <message>
        <source>Cannot delete the provider: %1</source>
        <translation>Cannot delete the provider: %1</translation>
    </message>
    <message>
        <source>Delete channel</source>
        <translation>Delete channel</translation>
    </message>
    <message>
        <source>Delete the channel %1 and its keys? Routes and groups that use it stop using it.</source>
        <translation>Delete the channel %1 and its keys? Routes and groups that use it stop using it.</translation>
    </message>
    <message>
        <source>Cannot delete the channel: %1</source>
        <translation>Cannot delete the channel: %1</translation>
    </message>
    <message>
        <source>Cannot save: %1</source>
        <translation>Cannot save: %1</translation>
    </message>
    <message>
        <source>Providers</source>
        <translation>Providers</translation>
    </message>
    <message>
        <source>Add provider</source>
        <translation>Add provider</translation>
    </message>
    <message>
        <source>Adds a provider from the chosen preset, with a first channel</source>
        <translation>Adds a provider from the chosen preset, with a first channel</translation>
    </message>
    <message>
        <source>Add channel</source>
        <translation>Add channel</translation>
    </message>
    <message>
        <source>Provider</source>
        <translation>Provider</translation>
    </message>
    <message>
        <source>Channels</source>
        <translation>Channels</translation>
    </message>
    <message>
        <source>No providers yet. Pick a preset on the left and press "Add provider".</source>
        <translation>No providers yet. Pick a preset on the left and press "Add provider".</translation>
    </message>
    <message>
        <source>Custom (OpenAI-compatible)</source>
        <translation>Custom (OpenAI-compatible)</translation>
    </message>
    <message>
        <source>(no key needed)</source>
        <translation>(no key needed)</translation>
    </message>
</context>
<context>
    <name>Switchyard::ProxyHost</name>
    <message>
        <source>The proxy is already running.</source>
        <translation>The proxy is already running.</translation>
    </message>
</context>
<context>
    <name>Switchyard::RouteExplainer</name>
    <message>
        <source>OpenAI Chat Completions</source>
        <translation>OpenAI Chat Completions</translation>
    </message>
    <message>
        <source>Anthropic Messages</source>
        <translation>Anthropic Messages</translation>
    </message>
    <message>
        <source>explicit target</source>
        <translation>explicit target</translation>
    </message>
    <message>
        <source>client key slot</source>
        <translation>client key slot</translation>
    </message>
    <message>
        <source>scenario</source>
        <translation>scenario</translation>
    </message>
    <message>
        <source>prefix rule</source>
        <translation>prefix rule</translation>
    </message>
    <message>
        <source>channel listing</source>
        <translation>channel listing</translation>
    </message>
    <message>
        <source>default route</source>
        <translation>default route</translation>
    </message>
    <message>
        <source>model group</source>
        <translation>model group</translation>
    </message>
    <message>
        <source>Enter a model name or a JSON request.</source>
        <translation>Enter a model name or a JSON request.</translation>
    </message>
    <message>
        <source>Not valid JSON: %1</source>
        <translation>Not valid JSON: %1</translation>
    </message>
    <message>
        <source>The request must be a JSON object.</source>
        <translation>The request must be a JSON object.</translation>
    </message>
    <message>
        <source>The request has no "model".</source>
        <translation>The request has no "model".</translation>
    </message>
    <message>
        <source>Request: %1, model %2</source>
        <translation>Request: %1, model %2</translation>
    </message>
    <message>
        <source>Model: %1</source>
        <translation>Model: %1</translation>
    </message>
    <message>
        <source>Client key: %1</source>
        <translation>Client key: %1</translation>
    </message>
    <message>
        <source>~%1 input tokens</source>
        <translation>~%1 input tokens</translation>
    </message>
    <message>
        <source>max_tokens %1</source>
        <translation>max_tokens %1</translation>
    </message>
    <message numerus="yes">
        <source>%n tool(s)</source>
        <translation>
            <numerusform>%n tool(s)</numerusform>
            <numerusform>%n tool(s)</numerusform>
        </translation>
    </message>
    <message>
        <source>web search</source>
        <translation>web search</translation>
    </message>
    <message numerus="yes">
        <source>%n image(s)</source>
        <translation>
            <numerusform>%n image(s)</numerusform>
            <numerusform>%n image(s)</numerusform>
        </translation>
    </message>
    <message>
        <source>thinking</source>
        <translation>thinking</translation>
    </message>
    <message>
        <source>thinking, effort %1</source>
        <translation>thinking, effort %1</translation>
    </message>
    <message>
        <source>title request</source>
        <translation>title request</translation>
    </message>
    <message>
        <source>Facts: %1</source>
        <translation>Facts: %1</translation>
    </message>
    <message>
        <source>Decided by: %1: %2</source>
        <translation>Decided by: %1: %2</translation>
    </message>
    <message>
        <source>No route: %1</source>
        <translation>No route: %1</translation>
    </message>
    <message>
        <source>Effort override: %1</source>
        <translation>Effort override: %1</translation>
    </message>
    <message>
        <source>Strategy: %1</source>
        <translation>Strategy: %1</translation>
    </message>
    <message>
        <source>Candidates, in the order they are tried:</source>
        <translation>Candidates, in the order they are tried:</translation>
    </message>
    <message>
        <source>(breaker open)</source>
        <translation>(breaker open)</translation>
    </message>
    <message>
        <source>Trace:</source>
        <translation>Trace:</translation>
    </message>
</context>
<context>
    <name>Switchyard::RoutingPage</name>
    <message>
        <source>(no client key)</source>
        <translation>(no client key)</translation>
    </message>
    <message>
        <source>%1: there is no channel %2.</source>
        <translation>%1: there is no channel %2.</translation>
    </message>
    <message>
        <source>%1: the model after the comma is missing.</source>
        <translation>%1: the model after the comma is missing.</translation>
    </message>
    <message>
        <source>%1 is neither a group, a channel nor "&lt;channel&gt;,&lt;model&gt;".</source>
        <translation>%1 is neither a group, a channel nor "&lt;channel&gt;,&lt;model&gt;".</translation>
    </message>
    <message>
        <source>A prefix rule has no glob.</source>
        <translation>A prefix rule has no glob.</translation>
    </message>
    <message>
        <source>Could not save the routing rules: %1</source>
        <translation>Could not save the routing rules: %1</translation>
    </message>
    <message>
        <source>Routing saved.</source>
        <translation>Routing saved.</translation>
    </message>
    <message>
        <source>No route: %1</source>
        <translation>No route: %1</translation>
    </message>
    <message>
        <source>%1 → %2</source>
        <translation>%1 → %2</translation>
    </message>
    <message>
        <source>Routing</source>
        <translation>Routing</translation>
    </message>
    <message>
        <source>Scenario targets</source>
        <translation>Scenario targets</translation>
    </message>
    <message>
        <source>Where Claude Code's kinds of requests go. A target is "&lt;channel&gt;,&lt;model&gt;", a model group or a channel. Empty: the scenario is not used.</source>
        <translation>Where Claude Code's kinds of requests go. A target is "&lt;channel&gt;,&lt;model&gt;", a model group or a channel. Empty: the scenario is not used.</translation>
    </message>
    <message>
        <source>Default:</source>
        <translation>Default:</translation>
    </message>
    <message>
        <source>When nothing else matches.</source>
        <translation>When nothing else matches.</translation>
    </message>
    <message>
        <source>Background:</source>
        <translation>Background:</translation>
    </message>
    <message>
        <source>Haiku-class models and title requests.</source>
        <translation>Haiku-class models and title requests.</translation>
    </message>
    <message>
        <source>Think:</source>
        <translation>Think:</translation>
    </message>
    <message>
        <source>Thinking with a budget or a high effort.</source>
        <translation>Thinking with a budget or a high effort.</translation>
    </message>
    <message>
        <source>Long context:</source>
        <translation>Long context:</translation>
    </message>
    <message>
        <source>Input at or above the threshold.</source>
        <translation>Input at or above the threshold.</translation>
    </message>
    <message>
        <source>Web search:</source>
        <translation>Web search:</translation>
    </message>
    <message>
        <source>A web_search tool is present.</source>
        <translation>A web_search tool is present.</translation>
    </message>
    <message>
        <source>Image:</source>
        <translation>Image:</translation>
    </message>
    <message>
        <source>Image blocks in the conversation.</source>
        <translation>Image blocks in the conversation.</translation>
    </message>
    <message>
        <source>Threshold:</source>
        <translation>Threshold:</translation>
    </message>
    <message>
        <source> tokens</source>
        <translation> tokens</translation>
    </message>
    <message>
        <source>Prefix rules</source>
        <translation>Prefix rules</translation>
    </message>
    <message>
        <source>Checked from top to bottom; the first glob (* and ?) matching the requested model wins, e.g. gpt-* → a group, claude-* → a channel.</source>
        <translation>Checked from top to bottom; the first glob (* and ?) matching the requested model wins, e.g. gpt-* → a group, claude-* → a channel.</translation>
    </message>
    <message>
        <source>Add rule</source>
        <translation>Add rule</translation>
    </message>
    <message>
        <source>Remove</source>
        <translation>Remove</translation>
    </message>
    <message>
        <source>Move up</source>
        <translation>Move up</translation>
    </message>
    <message>
        <source>Move down</source>
        <translation>Move down</translation>
    </message>
    <message>
        <source>Save routing</source>
        <translation>Save routing</translation>
    </message>
    <message>
        <source>Revert</source>
        <translation>Revert</translation>
    </message>
    <message>
        <source>Try a route</source>
        <translation>Try a route</translation>
    </message>
    <message>
        <source>Paste a model name or a whole JSON request (Anthropic or OpenAI). Nothing is sent; the rules as edited here are used, even before you save.</source>
        <translation>Paste a model name or a whole JSON request (Anthropic or OpenAI). Nothing is sent; the rules as edited here are used, even before you save.</translation>
    </message>
    <message>
        <source>claude-sonnet-4-5, or {"model": ..., "messages": [...]}</source>
        <translation>claude-sonnet-4-5, or {"model": ..., "messages": [...]}</translation>
    </message>
    <message>
        <source>Client key:</source>
        <translation>Client key:</translation>
    </message>
    <message>
        <source>Try</source>
        <translation>Try</translation>
    </message>
</context>
<context>
    <name>Switchyard::RuleModel</name>
    <message>
        <source>On</source>
        <translation>On</translation>
    </message>
    <message>
        <source>Model glob</source>
        <translation>Model glob</translation>
    </message>
    <message>
        <source>Target</source>
        <translation>Target</translation>
    </message>
</context>
<context>
    <name>Switchyard::SettingsPage</name>
    <message>
        <source>The token is on the clipboard.</source>
        <translation>The token is on the clipboard.</translation>
    </message>
    <message>
        <source>Could not save the setting %1: %2</source>
        <translation>Could not save the setting %1: %2</translation>
    </message>
    <message>
        <source>Proxy address</source>
        <translation>Proxy address</translation>
    </message>
    <message>
        <source>&amp;Listen on:</source>
        <translation>&amp;Listen on:</translation>
    </message>
    <message>
        <source>127.0.0.1 keeps the proxy private to this computer. 0.0.0.0 or :: opens it to your network: every client then needs a client key.</source>
        <translation>127.0.0.1 keeps the proxy private to this computer. 0.0.0.0 or :: opens it to your network: every client then needs a client key.</translation>
    </message>
    <message>
        <source>&amp;Port:</source>
        <translation>&amp;Port:</translation>
    </message>
    <message>
        <source>Any free port</source>
        <translation>Any free port</translation>
    </message>
    <message>
        <source>Apply and restart</source>
        <translation>Apply and restart</translation>
    </message>
    <message>
        <source>The command line sets the address or port of this run; it takes precedence over these settings until Switchyard is started without it.</source>
        <translation>The command line sets the address or port of this run; it takes precedence over these settings until Switchyard is started without it.</translation>
    </message>
    <message>
        <source>General</source>
        <translation>General</translation>
    </message>
    <message>
        <source>Start Switchyard when I &amp;log in</source>
        <translation>Start Switchyard when I &amp;log in</translation>
    </message>
    <message>
        <source>Lan&amp;guage:</source>
        <translation>Lan&amp;guage:</translation>
    </message>
    <message>
        <source>System default</source>
        <translation>System default</translation>
    </message>
    <message>
        <source>Usage log and privacy</source>
        <translation>Usage log and privacy</translation>
    </message>
    <message>
        <source>Keep the &amp;usage log for:</source>
        <translation>Keep the &amp;usage log for:</translation>
    </message>
    <message>
        <source> days</source>
        <translation> days</translation>
    </message>
    <message>
        <source>Keep captured &amp;bodies for:</source>
        <translation>Keep captured &amp;bodies for:</translation>
    </message>
    <message>
        <source>&amp;Capture request and response bodies (for debugging)</source>
        <translation>&amp;Capture request and response bodies (for debugging)</translation>
    </message>
    <message>
        <source>Captured bodies hold everything sent to the models and their answers: prompts, source code, file contents. They stay in the local database on this computer and are deleted after the period above. Leave this off unless you are tracking down a problem.</source>
        <translation>Captured bodies hold everything sent to the models and their answers: prompts, source code, file contents. They stay in the local database on this computer and are deleted after the period above. Leave this off unless you are tracking down a problem.</translation>
    </message>
    <message>
        <source>Configuration file</source>
        <translation>Configuration file</translation>
    </message>
    <message>
        <source>&amp;Export…</source>
        <translation>&amp;Export…</translation>
    </message>
    <message>
        <source>Include upstream API &amp;keys</source>
        <translation>Include upstream API &amp;keys</translation>
    </message>
    <message>
        <source>The file will contain your upstream API keys in plain text. Keep it somewhere safe and delete it when you no longer need it.</source>
        <translation>The file will contain your upstream API keys in plain text. Keep it somewhere safe and delete it when you no longer need it.</translation>
    </message>
    <message>
        <source>&amp;Import…</source>
        <translation>&amp;Import…</translation>
    </message>
    <message>
        <source>Backups, taken before every import (newest first):</source>
        <translation>Backups, taken before every import (newest first):</translation>
    </message>
    <message>
        <source>&amp;Restore…</source>
        <translation>&amp;Restore…</translation>
    </message>
    <message>
        <source>Upstream API keys</source>
        <translation>Upstream API keys</translation>
    </message>
    <message>
        <source>Store keys in a plain file instead…</source>
        <translation>Store keys in a plain file instead…</translation>
    </message>
    <message>
        <source>Management API</source>
        <translation>Management API</translation>
    </message>
    <message>
        <source>Scripts call %1/admin/… with this token as the bearer token (Authorization: Bearer …). Regenerating it locks out every script that uses the old one.</source>
        <translation>Scripts call %1/admin/… with this token as the bearer token (Authorization: Bearer …). Regenerating it locks out every script that uses the old one.</translation>
    </message>
    <message>
        <source>Hide</source>
        <translation>Hide</translation>
    </message>
    <message>
        <source>Show</source>
        <translation>Show</translation>
    </message>
    <message>
        <source>Copy</source>
        <translation>Copy</translation>
    </message>
    <message>
        <source>Regenerate…</source>
        <translation>Regenerate…</translation>
    </message>
    <message>
        <source>Advanced</source>
        <translation>Advanced</translation>
    </message>
    <message>
        <source>Attempts per request:</source>
        <translation>Attempts per request:</translation>
    </message>
    <message>
        <source>How many upstreams a request may try, retries included, before the error goes back to the client.</source>
        <translation>How many upstreams a request may try, retries included, before the error goes back to the client.</translation>
    </message>
    <message>
        <source>Deadline per request:</source>
        <translation>Deadline per request:</translation>
    </message>
    <message>
        <source>None</source>
        <translation>None</translation>
    </message>
    <message>
        <source>An overall limit for one request, failovers included. None: only the idle timeouts apply.</source>
        <translation>An overall limit for one request, failovers included. None: only the idle timeouts apply.</translation>
    </message>
    <message>
        <source>Health probe interval:</source>
        <translation>Health probe interval:</translation>
    </message>
    <message>
        <source>Off</source>
        <translation>Off</translation>
    </message>
    <message>
        <source>No outbound proxy for:</source>
        <translation>No outbound proxy for:</translation>
    </message>
    <message>
        <source>Hosts, comma-separated, e.g. localhost, .internal.example</source>
        <translation>Hosts, comma-separated, e.g. localhost, .internal.example</translation>
    </message>
    <message>
        <source>Send the route taken in the x-switchyard-route response header</source>
        <translation>Send the route taken in the x-switchyard-route response header</translation>
    </message>
    <message>
        <source>Prefer cheaper models once 80% of a daily budget is used</source>
        <translation>Prefer cheaper models once 80% of a daily budget is used</translation>
    </message>
    <message>
        <source>Listening on %1</source>
        <translation>Listening on %1</translation>
    </message>
    <message>
        <source>The proxy is stopped. It will listen on %1 when started.</source>
        <translation>The proxy is stopped. It will listen on %1 when started.</translation>
    </message>
    <message>
        <source>“%1” is not an IP address (for example 127.0.0.1 or ::1).</source>
        <translation>“%1” is not an IP address (for example 127.0.0.1 or ::1).</translation>
    </message>
    <message>
        <source>The proxy could not start: %1</source>
        <translation>The proxy could not start: %1</translation>
    </message>
    <message>
        <source>Could not change the login item: %1</source>
        <translation>Could not change the login item: %1</translation>
    </message>
    <message>
        <source>Export configuration</source>
        <translation>Export configuration</translation>
    </message>
    <message>
        <source>Switchyard configuration (*.json)</source>
        <translation>Switchyard configuration (*.json)</translation>
    </message>
    <message>
        <source>Import configuration</source>
        <translation>Import configuration</translation>
    </message>
    <message>
        <source>Switchyard configuration (*.json);;All files (*)</source>
        <translation>Switchyard configuration (*.json);;All files (*)</translation>
    </message>
    <message>
        <source>Imported %1. The previous configuration is in the backups below.</source>
        <translation>Imported %1. The previous configuration is in the backups below.</translation>
    </message>
    <message>
        <source>Export failed: %1</source>
        <translation>Export failed: %1</translation>
    </message>
    <message>
        <source>Switchyard is not running.</source>
        <translation>Switchyard is not running.</translation>
    </message>
    <message>
        <source>Exported to %1, with the API keys in plain text.</source>
        <translation>Exported to %1, with the API keys in plain text.</translation>
    </message>
    <message>
        <source>Exported to %1.</source>
        <translation>Exported to %1.</translation>
    </message>
    <message>
        <source>Nothing was imported: %1</source>
        <translation>Nothing was imported: %1</translation>
    </message>
    <message>
        <source>No backups yet.</source>
        <translation>No backups yet.</translation>
    </message>
    <message>
        <source>Restore backup</source>
        <translation>Restore backup</translation>
    </message>
    <message>
        <source>Import the configuration saved on %1? The current configuration is backed up first, so this can be undone the same way.</source>
        <translation>Import the configuration saved on %1? The current configuration is backed up first, so this can be undone the same way.</translation>
    </message>
    <message>
        <source>Restore</source>
        <translation>Restore</translation>
    </message>
    <message>
        <source>Restored the backup of %1.</source>
        <translation>Restored the backup of %1.</translation>
    </message>
    <message>
        <source>Needs a key store (see above)</source>
        <translation>Needs a key store (see above)</translation>
    </message>
    <message>
        <source>Regenerate the admin token</source>
        <translation>Regenerate the admin token</translation>
    </message>
    <message>
        <source>Scripts that use the current token stop working at once. Continue?</source>
        <translation>Scripts that use the current token stop working at once. Continue?</translation>
    </message>
    <message>
        <source>Regenerate</source>
        <translation>Regenerate</translation>
    </message>
    <message>
        <source>Could not regenerate the token: %1</source>
        <translation>Could not regenerate the token: %1</translation>
    </message>
    <message>
        <source>New token created; the old one no longer works.</source>
        <translation>New token created; the old one no longer works.</translation>
    </message>
    <message>
        <source>No key store is available, so channels that need an API key cannot be used. %1</source>
        <translation>No key store is available, so channels that need an API key cannot be used. %1</translation>
    </message>
    <message>
        <source>Upstream API keys are stored UNENCRYPTED in %1, readable only by your user account, because no system keychain answered. Anyone who can read your files can read the keys.</source>
        <translation>Upstream API keys are stored UNENCRYPTED in %1, readable only by your user account, because no system keychain answered. Anyone who can read your files can read the keys.</translation>
    </message>
    <message>
        <source>Upstream API keys are stored in the system keychain.</source>
        <translation>Upstream API keys are stored in the system keychain.</translation>
    </message>
    <message>
        <source>Store keys without encryption?</source>
        <translation>Store keys without encryption?</translation>
    </message>
    <message>
        <source>No system keychain answered, so Switchyard cannot store upstream API keys securely. It can keep them in a plain file in its data folder instead, readable only by your user account. Anyone who can read your files can then read the keys.</source>
        <translation>No system keychain answered, so Switchyard cannot store upstream API keys securely. It can keep them in a plain file in its data folder instead, readable only by your user account. Anyone who can read your files can then read the keys.</translation>
    </message>
    <message>
        <source>Store keys unencrypted</source>
        <translation>Store keys unencrypted</translation>
    </message>
    <message>
        <source>Could not switch the key store: %1</source>
        <translation>Could not switch the key store: %1</translation>
    </message>
</context>
<context>
    <name>Switchyard::SingleInstance</name>
    <message>
        <source>cannot create the lock file %1</source>
        <translation>cannot create the lock file %1</translation>
    </message>
</context>
<context>
    <name>Switchyard::SlotMapEditor</name>
    <message>
        <source>Low</source>
        <translation>Low</translation>
    </message>
    <message>
        <source>Medium</source>
        <translation>Medium</translation>
    </message>
    <message>
        <source>High</source>
        <translation>High</translation>
    </message>
    <message>
        <source>Max</source>
        <translation>Max</translation>
    </message>
    <message>
        <source>Target</source>
        <translation>Target</translation>
    </message>
    <message>
        <source>Upstream model</source>
        <translation>Upstream model</translation>
    </message>
    <message>
        <source>Reasoning effort</source>
        <translation>Reasoning effort</translation>
    </message>
    <message>
        <source>&amp;Opus</source>
        <translation>&amp;Opus</translation>
    </message>
    <message>
        <source>&amp;Sonnet</source>
        <translation>&amp;Sonnet</translation>
    </message>
    <message>
        <source>&amp;Haiku</source>
        <translation>&amp;Haiku</translation>
    </message>
    <message>
        <source>Not mapped</source>
        <translation>Not mapped</translation>
    </message>
    <message>
        <source>Keep the target's model</source>
        <translation>Keep the target's model</translation>
    </message>
    <message>
        <source>As requested</source>
        <translation>As requested</translation>
    </message>
    <message>
        <source>A group, a channel, or "&lt;channel&gt;,&lt;model&gt;". Requests for this model family go there.</source>
        <translation>A group, a channel, or "&lt;channel&gt;,&lt;model&gt;". Requests for this model family go there.</translation>
    </message>
    <message>
        <source>Optional: the model to ask the channel for instead.</source>
        <translation>Optional: the model to ask the channel for instead.</translation>
    </message>
    <message>
        <source>Optional: force this reasoning effort on these requests.</source>
        <translation>Optional: force this reasoning effort on these requests.</translation>
    </message>
</context>
<context>
    <name>Switchyard::Storage</name>
    <message>
        <source>Cannot create the data directory %1.</source>
        <translation>Cannot create the data directory %1.</translation>
    </message>
    <message>
        <source>The data directory %1 is not writable: %2</source>
        <translation>The data directory %1 is not writable: %2</translation>
    </message>
    <message>
        <source>The database %1 is already open.</source>
        <translation>The database %1 is already open.</translation>
    </message>
    <message>
        <source>No data directory was given.</source>
        <translation>No data directory was given.</translation>
    </message>
    <message>
        <source>Cannot open the database %1: %2</source>
        <translation>Cannot open the database %1: %2</translation>
    </message>
    <message>
        <source>Cannot open the database %1 for reading: %2</source>
        <translation>Cannot open the database %1 for reading: %2</translation>
    </message>
    <message>
        <source>The setting %1 cannot hold a value of type %2.</source>
        <translation>The setting %1 cannot hold a value of type %2.</translation>
    </message>
    <message>
        <source>The database is not open.</source>
        <translation>The database is not open.</translation>
    </message>
</context>
<context>
    <name>Switchyard::TimePolicyEditor</name>
    <message>
        <source>Add time policy</source>
        <translation>Add time policy</translation>
    </message>
    <message>
        <source>Remove</source>
        <translation>Remove</translation>
    </message>
    <message>
        <source>Name:</source>
        <translation>Name:</translation>
    </message>
    <message>
        <source>Days:</source>
        <translation>Days:</translation>
    </message>
    <message>
        <source>Time:</source>
        <translation>Time:</translation>
    </message>
    <message>
        <source>Same start and end: all day. An end before the start runs past midnight.</source>
        <translation>Same start and end: all day. An end before the start runs past midnight.</translation>
    </message>
    <message>
        <source>Strategy:</source>
        <translation>Strategy:</translation>
    </message>
    <message>
        <source>Only members:</source>
        <translation>Only members:</translation>
    </message>
    <message>
        <source>None checked: all members.</source>
        <translation>None checked: all members.</translation>
    </message>
    <message>
        <source>Unreadable entries are left out and will be dropped on save: %1</source>
        <translation>Unreadable entries are left out and will be dropped on save: %1</translation>
    </message>
    <message>
        <source>(the group's strategy)</source>
        <translation>(the group's strategy)</translation>
    </message>
</context>
<context>
    <name>Switchyard::TimePolicyModel</name>
    <message>
        <source>Mon</source>
        <translation>Mon</translation>
    </message>
    <message>
        <source>Tue</source>
        <translation>Tue</translation>
    </message>
    <message>
        <source>Wed</source>
        <translation>Wed</translation>
    </message>
    <message>
        <source>Thu</source>
        <translation>Thu</translation>
    </message>
    <message>
        <source>Fri</source>
        <translation>Fri</translation>
    </message>
    <message>
        <source>Sat</source>
        <translation>Sat</translation>
    </message>
    <message>
        <source>Sun</source>
        <translation>Sun</translation>
    </message>
    <message>
        <source>Every day</source>
        <translation>Every day</translation>
    </message>
    <message>
        <source>Weekdays</source>
        <translation>Weekdays</translation>
    </message>
    <message>
        <source>Weekend</source>
        <translation>Weekend</translation>
    </message>
    <message>
        <source>Never</source>
        <translation>Never</translation>
    </message>
    <message>
        <source>All day</source>
        <translation>All day</translation>
    </message>
    <message>
        <source>%1 (next day)</source>
        <translation>%1 (next day)</translation>
    </message>
    <message>
        <source>(group's)</source>
        <translation>(group's)</translation>
    </message>
    <message>
        <source>(all)</source>
        <translation>(all)</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>Name</translation>
    </message>
    <message>
        <source>Days</source>
        <translation>Days</translation>
    </message>
    <message>
        <source>Time</source>
        <translation>Time</translation>
    </message>
    <message>
        <source>Strategy</source>
        <translation>Strategy</translation>
    </message>
    <message>
        <source>Members</source>
        <translation>Members</translation>
    </message>
</context>
<context>
    <name>Switchyard::TrayIcon</name>
    <message>
        <source>Open Switchyard</source>
        <translation>Open Switchyard</translation>
    </message>
    <message>
        <source>Copy base URL</source>
        <translation>Copy base URL</translation>
    </message>
    <message>
        <source>Quit</source>
        <translation>Quit</translation>
    </message>
    <message>
        <source>Stop proxy</source>
        <translation>Stop proxy</translation>
    </message>
    <message>
        <source>Start proxy</source>
        <translation>Start proxy</translation>
    </message>
    <message>
        <source>Switchyard: listening on %1</source>
        <translation>Switchyard: listening on %1</translation>
    </message>
    <message>
        <source>Switchyard: proxy stopped</source>
        <translation>Switchyard: proxy stopped</translation>
    </message>
    <message>
        <source>Copy Claude Code shell lines</source>
        <translation>Copy Claude Code shell lines</translation>
    </message>
    <message>
        <source>Default target</source>
        <translation>Default target</translation>
    </message>
    <message>
        <source>Opus slot</source>
        <translation>Opus slot</translation>
    </message>
    <message>
        <source>Sonnet slot</source>
        <translation>Sonnet slot</translation>
    </message>
    <message>
        <source>Haiku slot</source>
        <translation>Haiku slot</translation>
    </message>
    <message>
        <source>Language</source>
        <translation>Language</translation>
    </message>
    <message>
        <source>Switchyard: listening on %1, some channels are failing</source>
        <translation>Switchyard: listening on %1, some channels are failing</translation>
    </message>
    <message>
        <source>Not mapped</source>
        <translation>Not mapped</translation>
    </message>
    <message>
        <source>%1 (unavailable)</source>
        <translation>%1 (unavailable)</translation>
    </message>
    <message>
        <source>No channels yet</source>
        <translation>No channels yet</translation>
    </message>
    <message>
        <source>Claude Code is not connected</source>
        <translation>Claude Code is not connected</translation>
    </message>
</context>
<context>
    <name>Switchyard::UsageLeaderboardModel</name>
    <message>
        <source>No key (local)</source>
        <translation>No key (local)</translation>
    </message>
    <message>
        <source>Deleted key #%1</source>
        <translation>Deleted key #%1</translation>
    </message>
    <message>
        <source>(none)</source>
        <translation>(none)</translation>
    </message>
    <message>
        <source>Model</source>
        <translation>Model</translation>
    </message>
    <message>
        <source>Channel</source>
        <translation>Channel</translation>
    </message>
    <message>
        <source>Client key</source>
        <translation>Client key</translation>
    </message>
    <message>
        <source>Requests</source>
        <translation>Requests</translation>
    </message>
    <message>
        <source>Tokens</source>
        <translation>Tokens</translation>
    </message>
    <message>
        <source>Cost</source>
        <translation>Cost</translation>
    </message>
    <message>
        <source>Errors</source>
        <translation>Errors</translation>
    </message>
</context>
<context>
    <name>Switchyard::UsagePage</name>
    <message>
        <source>Other</source>
        <translation>Other</translation>
    </message>
    <message>
        <source>(none)</source>
        <translation>(none)</translation>
    </message>
    <message>
        <source>Tokens (millions)</source>
        <translation>Tokens (millions)</translation>
    </message>
    <message>
        <source>Tokens (thousands)</source>
        <translation>Tokens (thousands)</translation>
    </message>
    <message>
        <source>Tokens</source>
        <translation>Tokens</translation>
    </message>
    <message>
        <source>Cost (USD)</source>
        <translation>Cost (USD)</translation>
    </message>
    <message>
        <source>Pick a session to see its requests.</source>
        <translation>Pick a session to see its requests.</translation>
    </message>
    <message>
        <source>Session %1: %2 requests, %3 failovers</source>
        <translation>Session %1: %2 requests, %3 failovers</translation>
    </message>
    <message>
        <source>%1 requests · %2 tokens (%3 in, %4 out, %5 cache) · %6 · %7 errors</source>
        <translation>%1 requests · %2 tokens (%3 in, %4 out, %5 cache) · %6 · %7 errors</translation>
    </message>
    <message>
        <source>Export usage as CSV</source>
        <translation>Export usage as CSV</translation>
    </message>
    <message>
        <source>CSV files (*.csv)</source>
        <translation>CSV files (*.csv)</translation>
    </message>
    <message>
        <source>The file could not be written: %1</source>
        <translation>The file could not be written: %1</translation>
    </message>
    <message>
        <source>Range:</source>
        <translation>Range:</translation>
    </message>
    <message>
        <source>Today</source>
        <translation>Today</translation>
    </message>
    <message>
        <source>Last 7 days</source>
        <translation>Last 7 days</translation>
    </message>
    <message>
        <source>Last 30 days</source>
        <translation>Last 30 days</translation>
    </message>
    <message>
        <source>Custom</source>
        <translation>Custom</translation>
    </message>
    <message>
        <source>First day</source>
        <translation>First day</translation>
    </message>
    <message>
        <source>Last day</source>
        <translation>Last day</translation>
    </message>
    <message>
        <source>Stack by:</source>
        <translation>Stack by:</translation>
    </message>
    <message>
        <source>Model</source>
        <translation>Model</translation>
    </message>
    <message>
        <source>Channel</source>
        <translation>Channel</translation>
    </message>
    <message>
        <source>Export CSV…</source>
        <translation>Export CSV…</translation>
    </message>
    <message>
        <source>Over time</source>
        <translation>Over time</translation>
    </message>
    <message>
        <source>Sessions</source>
        <translation>Sessions</translation>
    </message>
    <message>
        <source>Leaderboards</source>
        <translation>Leaderboards</translation>
    </message>
    <message>
        <source>By model</source>
        <translation>By model</translation>
    </message>
    <message>
        <source>By channel</source>
        <translation>By channel</translation>
    </message>
    <message>
        <source>By client key</source>
        <translation>By client key</translation>
    </message>
</context>
<context>
    <name>Switchyard::UsageSessionModel</name>
    <message>
        <source>Session</source>
        <translation>Session</translation>
    </message>
    <message>
        <source>First request</source>
        <translation>First request</translation>
    </message>
    <message>
        <source>Last request</source>
        <translation>Last request</translation>
    </message>
    <message>
        <source>Requests</source>
        <translation>Requests</translation>
    </message>
    <message>
        <source>Tokens</source>
        <translation>Tokens</translation>
    </message>
    <message>
        <source>Cost</source>
        <translation>Cost</translation>
    </message>
</context>
</TS>