<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>ConfigJson</name>
    <message>
        <source>a string</source>
        <translation>字符串</translation>
    </message>
    <message>
        <source>a number</source>
        <translation>数字</translation>
    </message>
    <message>
        <source>true or false</source>
        <translation>true 或 false</translation>
    </message>
    <message>
        <source>an object</source>
        <translation>对象</translation>
    </message>
    <message>
        <source>an array</source>
        <translation>数组</translation>
    </message>
    <message>
        <source>expected %1, got %2</source>
        <translation>应为%1，实际为%2</translation>
    </message>
    <message>
        <source>unknown field</source>
        <translation>未知字段</translation>
    </message>
    <message>
        <source>is required</source>
        <translation>为必填项</translation>
    </message>
    <message>
        <source>must not be empty</source>
        <translation>不能为空</translation>
    </message>
    <message>
        <source>expected a whole number, got %1</source>
        <translation>应为整数，实际为 %1</translation>
    </message>
    <message>
        <source>%1 is out of range (%2 to %3)</source>
        <translation>%1 超出范围（%2 到 %3）</translation>
    </message>
    <message>
        <source>must be zero or a positive number, got %1</source>
        <translation>必须为零或正数，实际为 %1</translation>
    </message>
    <message>
        <source>%1 is listed twice</source>
        <translation>%1 重复出现</translation>
    </message>
    <message>
        <source>an %1 or %2 URL</source>
        <translation>%1 或 %2 URL</translation>
    </message>
    <message>
        <source>a URL with scheme %1</source>
        <translation>协议为 %1 的 URL</translation>
    </message>
    <message>
        <source>%1 is not %2</source>
        <translation>%1 不是%2</translation>
    </message>
    <message>
        <source>syntax error at line %1, column %2 (offset %3): %4</source>
        <translation>语法错误：第 %1 行第 %2 列（偏移 %3）：%4</translation>
    </message>
    <message>
        <source>the configuration must be a JSON object</source>
        <translation>配置必须是一个 JSON 对象</translation>
    </message>
    <message>
        <source>format version %1 is newer than this Switchyard understands (%2)</source>
        <translation>格式版本 %1 比当前 Switchyard 支持的版本（%2）更新</translation>
    </message>
    <message>
        <source>duplicate provider name %1</source>
        <translation>提供方名称 %1 重复</translation>
    </message>
    <message>
        <source>unknown protocol %1 (expected anthropic, openai, gemini or responses)</source>
        <translation>未知协议 %1（应为 anthropic、openai、gemini 或 responses）</translation>
    </message>
    <message>
        <source>the model name must not be empty</source>
        <translation>模型名称不能为空</translation>
    </message>
    <message>
        <source>expected an array or an object, got %1</source>
        <translation>应为数组或对象，实际为 %1</translation>
    </message>
    <message>
        <source>duplicate price for model %1</source>
        <translation>模型 %1 的价格重复</translation>
    </message>
    <message>
        <source>a channel name must not contain a comma</source>
        <translation>渠道名称不能包含逗号</translation>
    </message>
    <message>
        <source>duplicate channel name %1 (also in %2)</source>
        <translation>渠道名称 %1 重复（另见 %2）</translation>
    </message>
    <message>
        <source>%1 is not "system", "none" or an http://, https:// or socks5:// URL</source>
        <translation>%1 不是 "system"、"none"，也不是 http://、https:// 或 socks5:// URL</translation>
    </message>
    <message>
        <source>the same key is already listed at %1</source>
        <translation>相同的密钥已在 %1 列出</translation>
    </message>
    <message>
        <source>expected a string or an object, got %1</source>
        <translation>应为字符串或对象，实际为 %1</translation>
    </message>
    <message>
        <source>does not match the key</source>
        <translation>与该密钥不匹配</translation>
    </message>
    <message>
        <source>needs "key" (the key itself or "$ENV_VAR"), or the "fingerprint" of a key stored earlier</source>
        <translation>需要 "key"（密钥本身或 "$ENV_VAR"），或先前保存的密钥的 "fingerprint"</translation>
    </message>
    <message>
        <source>no stored key has fingerprint %1; give the key itself in "key"</source>
        <translation>没有已保存的密钥的指纹为 %1；请在 "key" 中提供密钥本身</translation>
    </message>
    <message>
        <source>environment variable %1 is not set</source>
        <translation>环境变量 %1 未设置</translation>
    </message>
    <message>
        <source>environment variable %1 is empty</source>
        <translation>环境变量 %1 为空</translation>
    </message>
    <message>
        <source>the key is empty</source>
        <translation>密钥为空</translation>
    </message>
    <message>
        <source>the key contains spaces or control characters</source>
        <translation>密钥包含空格或控制字符</translation>
    </message>
    <message>
        <source>a model group name must not contain a comma</source>
        <translation>模型组名称不能包含逗号</translation>
    </message>
    <message>
        <source>duplicate model group name %1</source>
        <translation>模型组名称 %1 重复</translation>
    </message>
    <message>
        <source>%1 is not a strategy name (lowercase letters, digits and dashes)</source>
        <translation>%1 不是有效的策略名称（小写字母、数字和短横线）</translation>
    </message>
    <message>
        <source>unknown channel %1</source>
        <translation>未知渠道 %1</translation>
    </message>
    <message>
        <source>channel %1 with model %2 is already a member</source>
        <translation>渠道 %1 的模型 %2 已是成员</translation>
    </message>
    <message>
        <source>%1 is not "&lt;channel&gt;,&lt;model&gt;" or the name of a model group</source>
        <translation>%1 不是 "&lt;渠道&gt;,&lt;模型&gt;"，也不是模型组名称</translation>
    </message>
    <message>
        <source>unknown model group %1 (a target is "&lt;channel&gt;,&lt;model&gt;" or the name of a model group)</source>
        <translation>未知模型组 %1（目标应为 "&lt;渠道&gt;,&lt;模型&gt;" 或模型组名称）</translation>
    </message>
    <message>
        <source>unknown scenario (expected %1)</source>
        <translation>未知场景（应为 %1）</translation>
    </message>
    <message>
        <source>expected a target string or an object, got %1</source>
        <translation>应为目标字符串或对象，实际为 %1</translation>
    </message>
    <message>
        <source>there is no longContext route to apply it to</source>
        <translation>没有可应用此项的 longContext 路由</translation>
    </message>
    <message>
        <source>unknown rule kind %1 (only "prefix"; scenarios go under "routes")</source>
        <translation>未知规则类型 %1（仅支持 "prefix"；场景请写在 "routes" 下）</translation>
    </message>
    <message>
        <source>duplicate rule for %1 (also at %2)</source>
        <translation>%1 的规则重复（另见 %2）</translation>
    </message>
    <message>
        <source>expected a string, a number or true/false, got %1</source>
        <translation>应为字符串、数字或 true/false，实际为 %1</translation>
    </message>
    <message>
        <source>a setting name must not be empty</source>
        <translation>设置名称不能为空</translation>
    </message>
    <message>
        <source>this setting can only be changed in Switchyard itself, not by a config file</source>
        <translation>此设置只能在 Switchyard 中修改，不能通过配置文件修改</translation>
    </message>
    <message>
        <source>duplicate client key name %1</source>
        <translation>客户端密钥名称 %1 重复</translation>
    </message>
    <message>
        <source>%1 is not an ISO 8601 date and time</source>
        <translation>%1 不是 ISO 8601 日期时间</translation>
    </message>
</context>
<context>
    <name>ConfigService</name>
    <message>
        <source>cannot read %1: %2</source>
        <translation>无法读取 %1：%2</translation>
    </message>
    <message>
        <source>could not read the current configuration: %1</source>
        <translation>无法读取当前配置：%1</translation>
    </message>
    <message>
        <source>the file contains new keys, but no secret store is available to keep them (no keychain answered)</source>
        <translation>文件包含新密钥，但没有可用的密钥存储来保存它们（没有钥匙串响应）</translation>
    </message>
    <message>
        <source>could not save a backup of the current configuration, so nothing was imported: %1</source>
        <translation>无法备份当前配置，因此未导入任何内容：%1</translation>
    </message>
    <message>
        <source>could not store a key in the %1 secret store: %2</source>
        <translation>无法将密钥存入 %1 密钥存储：%2</translation>
    </message>
    <message>
        <source>could not save the configuration: %1</source>
        <translation>无法保存配置：%1</translation>
    </message>
    <message>
        <source>keys cannot be exported: no secret store is available</source>
        <translation>无法导出密钥：没有可用的密钥存储</translation>
    </message>
    <message>
        <source>the key %1 (%2) is missing from the secret store</source>
        <translation>密钥 %1（%2）在密钥存储中缺失</translation>
    </message>
    <message>
        <source>could not export the keys: %1</source>
        <translation>无法导出密钥：%1</translation>
    </message>
    <message>
        <source>could not load the configuration: %1</source>
        <translation>无法加载配置：%1</translation>
    </message>
    <message>
        <source>no secret store is available</source>
        <translation>没有可用的密钥存储</translation>
    </message>
    <message>
        <source>it is missing from the %1 secret store</source>
        <translation>它在 %1 密钥存储中缺失</translation>
    </message>
    <message>
        <source>channel %1: key %2 (%3) cannot be used: %4</source>
        <translation>渠道 %1：密钥 %2（%3）不可用：%4</translation>
    </message>
</context>
<context>
    <name>FileSecretStore</name>
    <message>
        <source>cannot restrict the permissions of %1 to 0600</source>
        <translation>无法将 %1 的权限限制为 0600</translation>
    </message>
    <message>
        <source>cannot read %1: %2</source>
        <translation>无法读取 %1：%2</translation>
    </message>
    <message>
        <source>%1 is not a valid secrets file</source>
        <translation>%1 不是有效的密钥文件</translation>
    </message>
    <message>
        <source>%1 has a damaged entry %2</source>
        <translation>%1 中的条目 %2 已损坏</translation>
    </message>
</context>
<context>
    <name>KeychainSecretStore</name>
    <message>
        <source>the keychain did not answer within %1 s (is it locked or waiting for a password prompt?)</source>
        <translation>钥匙串在 %1 秒内没有响应（是否已锁定或正在等待输入密码？）</translation>
    </message>
    <message>
        <source>no keychain service available</source>
        <translation>没有可用的钥匙串服务</translation>
    </message>
    <message>
        <source>access to the keychain was denied (is it locked?)</source>
        <translation>访问钥匙串被拒绝（是否已锁定？）</translation>
    </message>
    <message>
        <source>no keychain support on this platform</source>
        <translation>此平台不支持钥匙串</translation>
    </message>
    <message>
        <source>the entry could not be deleted</source>
        <translation>无法删除该条目</translation>
    </message>
    <message>
        <source>keychain error</source>
        <translation>钥匙串错误</translation>
    </message>
    <message>
        <source>could not store %1 in the keychain: %2</source>
        <translation>无法将 %1 存入钥匙串：%2</translation>
    </message>
    <message>
        <source>could not read %1 from the keychain: %2</source>
        <translation>无法从钥匙串读取 %1：%2</translation>
    </message>
    <message>
        <source>could not remove %1 from the keychain: %2</source>
        <translation>无法从钥匙串删除 %1：%2</translation>
    </message>
    <message>
        <source>; there is no D-Bus session bus (DBUS_SESSION_BUS_ADDRESS is not set)</source>
        <translation>；没有 D-Bus 会话总线（未设置 DBUS_SESSION_BUS_ADDRESS）</translation>
    </message>
</context>
<context>
    <name>PrivateFile</name>
    <message>
        <source>cannot create directory %1</source>
        <translation>无法创建目录 %1</translation>
    </message>
    <message>
        <source>cannot create %1: %2</source>
        <translation>无法创建 %1：%2</translation>
    </message>
    <message>
        <source>%1 could not be created with owner-only permissions (0600)</source>
        <translation>无法以仅所有者可访问的权限（0600）创建 %1</translation>
    </message>
    <message>
        <source>cannot write %1: %2</source>
        <translation>无法写入 %1：%2</translation>
    </message>
    <message>
        <source>cannot replace %1</source>
        <translation>无法替换 %1</translation>
    </message>
</context>
<context>
    <name>SecretStoreSelector</name>
    <message>
        <source>No keychain answered (%1), and the plaintext secrets file %2 could not be used: %3</source>
        <translation>没有钥匙串响应（%1），且无法使用明文密钥文件 %2：%3</translation>
    </message>
    <message>
        <source>No keychain answered: no Secret Service (gnome-keyring, KeePassXC) or KWallet responded (%1). Switchyard keeps upstream API keys only in the OS keychain, so it cannot store or read them now. To fix this, install gnome-keyring (or KWallet), make sure it runs and is unlocked in your desktop session, and restart Switchyard. If you accept storing the keys unencrypted in a plaintext file readable by your user account, start Switchyard with --insecure-secrets-file (or set secrets/insecureFile to true in its settings).</source>
        <translation>没有钥匙串响应：Secret Service（gnome-keyring、KeePassXC）或 KWallet 均未响应（%1）。Switchyard 只把上游 API 密钥保存在系统钥匙串中，因此现在无法保存或读取它们。解决方法：安装 gnome-keyring（或 KWallet），确保它在桌面会话中运行并已解锁，然后重新启动 Switchyard。如果您接受将密钥以未加密形式保存在仅您的用户账户可读的明文文件中，请使用 --insecure-secrets-file 启动 Switchyard（或在设置中将 secrets/insecureFile 设为 true）。</translation>
    </message>
</context>
<context>
    <name>Switchyard::AppController</name>
    <message>
        <source>Cannot create the data directory %1</source>
        <translation>无法创建数据目录 %1</translation>
    </message>
    <message>
        <source>The data directory %1 is not writable: %2</source>
        <translation>数据目录 %1 不可写：%2</translation>
    </message>
    <message>
        <source>Cannot open the database in %1: %2</source>
        <translation>无法打开 %1 中的数据库：%2</translation>
    </message>
    <message>
        <source>No secret store is available.</source>
        <translation>没有可用的密钥存储。</translation>
    </message>
    <message>
        <source>Running without a secret store: channels that need an API key cannot be used. %1</source>
        <translation>在没有密钥存储的情况下运行：需要 API 密钥的渠道无法使用。%1</translation>
    </message>
    <message>
        <source>Switchyard is not running.</source>
        <translation>Switchyard 未在运行。</translation>
    </message>
    <message>
        <source>The data directory %1 is not usable: %2</source>
        <translation>数据目录 %1 不可用：%2</translation>
    </message>
    <message>
        <source>unknown</source>
        <translation>未知</translation>
    </message>
    <message>
        <source>Switchyard is already running for data dir %1 (pid %2)</source>
        <translation>Switchyard 已在为数据目录 %1 运行（进程 %2）</translation>
    </message>
    <message>
        <source>Switchyard is already running for data dir %1 (pid %2); showed its window.</source>
        <translation>Switchyard 已在为数据目录 %1 运行（进程 %2）；已显示其窗口。</translation>
    </message>
    <message>
        <source>Switchyard is already running for data dir %1 (pid %2) but did not answer: %3</source>
        <translation>Switchyard 已在为数据目录 %1 运行（进程 %2），但没有响应：%3</translation>
    </message>
    <message>
        <source>Invalid config file %1: %2</source>
        <translation>无效的配置文件 %1：%2</translation>
    </message>
    <message>
        <source>Cannot export the configuration to %1: %2</source>
        <translation>无法将配置导出到 %1：%2</translation>
    </message>
    <message>
        <source>Cannot listen on %1:%2</source>
        <translation>无法监听 %1:%2</translation>
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
        <translation>基础 URL：</translation>
    </message>
    <message>
        <source>Copy</source>
        <translation>复制</translation>
    </message>
    <message>
        <source>Point Claude Code at Switchyard with these shell lines:</source>
        <translation>使用以下 Shell 命令让 Claude Code 连接 Switchyard：</translation>
    </message>
    <message>
        <source>Keep keys in an unencrypted file…</source>
        <translation>将密钥保存在未加密文件中…</translation>
    </message>
    <message>
        <source>No keychain available</source>
        <translation>没有可用的钥匙串</translation>
    </message>
    <message>
        <source>No system keychain answered, so Switchyard cannot store upstream API keys securely.</source>
        <translation>没有系统钥匙串响应，因此 Switchyard 无法安全地保存上游 API 密钥。</translation>
    </message>
    <message>
        <source>It can keep them in a plaintext file in its data directory instead, readable only by your user account. Anyone who can read your files can then read the keys.</source>
        <translation>它可以改为将密钥保存在数据目录中的明文文件里，仅您的用户账户可读。任何能读取您文件的人也都能读取这些密钥。</translation>
    </message>
    <message>
        <source>Store keys unencrypted</source>
        <translation>以未加密形式保存密钥</translation>
    </message>
    <message>
        <source>Could not switch the key store: %1</source>
        <translation>无法切换密钥存储：%1</translation>
    </message>
    <message>
        <source>The proxy is running.</source>
        <translation>代理正在运行。</translation>
    </message>
    <message>
        <source>The proxy is stopped.</source>
        <translation>代理已停止。</translation>
    </message>
    <message>
        <source>(not listening)</source>
        <translation>（未监听）</translation>
    </message>
    <message>
        <source>Stop proxy</source>
        <translation>停止代理</translation>
    </message>
    <message>
        <source>Start proxy</source>
        <translation>启动代理</translation>
    </message>
    <message>
        <source>No system keychain answered, so upstream API keys cannot be stored securely. Install and unlock a Secret Service (GNOME Keyring or KWallet) and restart Switchyard, or keep keys in a plaintext file that only your user can read.</source>
        <translation>没有系统钥匙串响应，因此无法安全地保存上游 API 密钥。请安装并解锁 Secret Service（GNOME Keyring 或 KWallet）后重新启动 Switchyard，或将密钥保存在仅您的用户可读的明文文件中。</translation>
    </message>
    <message>
        <source>Upstream API keys are stored UNENCRYPTED in a file in the data directory, because no system keychain is available.</source>
        <translation>上游 API 密钥以未加密形式保存在数据目录的文件中，因为没有可用的系统钥匙串。</translation>
    </message>
</context>
<context>
    <name>Switchyard::ProxyHost</name>
    <message>
        <source>The proxy is already running.</source>
        <translation>代理已在运行。</translation>
    </message>
</context>
<context>
    <name>Switchyard::SingleInstance</name>
    <message>
        <source>cannot create the lock file %1</source>
        <translation>无法创建锁文件 %1</translation>
    </message>
</context>
<context>
    <name>Switchyard::Storage</name>
    <message>
        <source>Cannot create the data directory %1.</source>
        <translation>无法创建数据目录 %1。</translation>
    </message>
    <message>
        <source>The data directory %1 is not writable: %2</source>
        <translation>数据目录 %1 不可写：%2</translation>
    </message>
    <message>
        <source>The database %1 is already open.</source>
        <translation>数据库 %1 已打开。</translation>
    </message>
    <message>
        <source>No data directory was given.</source>
        <translation>未指定数据目录。</translation>
    </message>
    <message>
        <source>Cannot open the database %1: %2</source>
        <translation>无法打开数据库 %1：%2</translation>
    </message>
    <message>
        <source>Cannot open the database %1 for reading: %2</source>
        <translation>无法以只读方式打开数据库 %1：%2</translation>
    </message>
    <message>
        <source>The setting %1 cannot hold a value of type %2.</source>
        <translation>设置 %1 无法保存类型为 %2 的值。</translation>
    </message>
    <message>
        <source>The database is not open.</source>
        <translation>数据库未打开。</translation>
    </message>
</context>
<context>
    <name>Switchyard::TrayIcon</name>
    <message>
        <source>Open Switchyard</source>
        <translation>打开 Switchyard</translation>
    </message>
    <message>
        <source>Copy base URL</source>
        <translation>复制基础 URL</translation>
    </message>
    <message>
        <source>Quit</source>
        <translation>退出</translation>
    </message>
    <message>
        <source>Stop proxy</source>
        <translation>停止代理</translation>
    </message>
    <message>
        <source>Start proxy</source>
        <translation>启动代理</translation>
    </message>
    <message>
        <source>Switchyard: listening on %1</source>
        <translation>Switchyard：正在监听 %1</translation>
    </message>
    <message>
        <source>Switchyard: proxy stopped</source>
        <translation>Switchyard：代理已停止</translation>
    </message>
</context>
</TS>