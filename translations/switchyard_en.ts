<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en">
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
    <name>Switchyard::MainWindow</name>
    <message>
        <source>Switchyard</source>
        <translation>Switchyard</translation>
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
        <source>Point Claude Code at Switchyard with these shell lines:</source>
        <translation>Point Claude Code at Switchyard with these shell lines:</translation>
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
        <source>The proxy is running.</source>
        <translation>The proxy is running.</translation>
    </message>
    <message>
        <source>The proxy is stopped.</source>
        <translation>The proxy is stopped.</translation>
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
        <source>No system keychain answered, so upstream API keys cannot be stored securely. Install and unlock a Secret Service (GNOME Keyring or KWallet) and restart Switchyard, or keep keys in a plaintext file that only your user can read.</source>
        <translation>No system keychain answered, so upstream API keys cannot be stored securely. Install and unlock a Secret Service (GNOME Keyring or KWallet) and restart Switchyard, or keep keys in a plaintext file that only your user can read.</translation>
    </message>
    <message>
        <source>Upstream API keys are stored UNENCRYPTED in a file in the data directory, because no system keychain is available.</source>
        <translation>Upstream API keys are stored UNENCRYPTED in a file in the data directory, because no system keychain is available.</translation>
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
    <name>Switchyard::SingleInstance</name>
    <message>
        <source>cannot create the lock file %1</source>
        <translation>cannot create the lock file %1</translation>
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
</context>
</TS>