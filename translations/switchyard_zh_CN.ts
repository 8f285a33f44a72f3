<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>ClaudeCodeConnector</name>
    <message>
        <source>it is not valid JSON (%1 at offset %2)</source>
        <translation>它不是有效的 JSON（%1，位于偏移 %2）</translation>
    </message>
    <message>
        <source>it does not contain a JSON object</source>
        <translation>它不包含 JSON 对象</translation>
    </message>
    <message>
        <source>its "env" entry is not an object</source>
        <translation>其中的 "env" 项不是对象</translation>
    </message>
    <message>
        <source>Cannot read %1: %2</source>
        <translation>无法读取 %1：%2</translation>
    </message>
    <message>
        <source>%1 was left unchanged because %2. Fix or move the file, then try again.</source>
        <translation>%1 未做任何更改，因为%2。请修正或移走该文件后重试。</translation>
    </message>
    <message>
        <source>Cannot create a client key for Claude Code: %1</source>
        <translation>无法为 Claude Code 创建客户端密钥：%1</translation>
    </message>
    <message>
        <source>%1 also sets ANTHROPIC_API_KEY; remove it so Claude Code uses the Switchyard key.</source>
        <translation>%1 还设置了 ANTHROPIC_API_KEY；请将其删除，以便 Claude Code 使用 Switchyard 密钥。</translation>
    </message>
    <message>
        <source>Cannot write the backup, so %1 was left unchanged: %2</source>
        <translation>无法写入备份，因此 %1 未做更改：%2</translation>
    </message>
    <message>
        <source>Cannot write %1: %2</source>
        <translation>无法写入 %1：%2</translation>
    </message>
    <message>
        <source>There is no backup of the Claude Code settings to restore.</source>
        <translation>没有可恢复的 Claude Code 设置备份。</translation>
    </message>
    <message>
        <source>Cannot remove %1.</source>
        <translation>无法删除 %1。</translation>
    </message>
    <message>
        <source>Cannot read the backup %1: %2</source>
        <translation>无法读取备份 %1：%2</translation>
    </message>
</context>
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
    <message>
        <source>set "%1": true in the options of the channel or provider to allow it</source>
        <translation>如需允许，请在渠道或服务商的 options 中设置 "%1": true</translation>
    </message>
    <message>
        <source>%1 is not an http or https URL</source>
        <translation>%1 不是 http 或 https 地址</translation>
    </message>
    <message>
        <source>%1 must not contain a user name or password; put keys under "keys"</source>
        <translation>%1 不能包含用户名或密码；请把密钥放在 "keys" 中</translation>
    </message>
    <message>
        <source>%1 points at the unspecified address, which is not a destination</source>
        <translation>%1 指向未指定地址，它不是有效的目标</translation>
    </message>
    <message>
        <source>%1 is a link-local address (169.254.0.0/16, fe80::/10); %2</source>
        <translation>%1 是链路本地地址（169.254.0.0/16、fe80::/10）；%2</translation>
    </message>
    <message>
        <source>%1 is a cloud metadata endpoint; %2</source>
        <translation>%1 是云元数据端点；%2</translation>
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
    <name>Switchyard::Autostart</name>
    <message>
        <source>Cannot create the folder %1</source>
        <translation>无法创建文件夹 %1</translation>
    </message>
    <message>
        <source>Cannot write %1: %2</source>
        <translation>无法写入 %1：%2</translation>
    </message>
    <message>
        <source>Cannot remove %1: %2</source>
        <translation>无法删除 %1：%2</translation>
    </message>
    <message>
        <source>Cannot change the registry key %1</source>
        <translation>无法修改注册表项 %1</translation>
    </message>
</context>
<context>
    <name>Switchyard::ChannelEditor</name>
    <message>
        <source>(no hint)</source>
        <translation>（无提示）</translation>
    </message>
    <message>
        <source>Disabled</source>
        <translation>已停用</translation>
    </message>
    <message>
        <source>Disabled: %1</source>
        <translation>已停用：%1</translation>
    </message>
    <message>
        <source>Active</source>
        <translation>可用</translation>
    </message>
    <message>
        <source>The channel needs a name without commas (routes name it as "channel,model").</source>
        <translation>渠道名称不能为空且不能含逗号（路由以“渠道,模型”引用它）。</translation>
    </message>
    <message>
        <source>Cannot save the channel: %1</source>
        <translation>无法保存渠道：%1</translation>
    </message>
    <message>
        <source>Cannot save the keys: %1</source>
        <translation>无法保存密钥：%1</translation>
    </message>
    <message>
        <source>The channel no longer exists.</source>
        <translation>该渠道已不存在。</translation>
    </message>
    <message>
        <source>Keys cannot be stored: %1</source>
        <translation>无法存储密钥：%1</translation>
    </message>
    <message>
        <source>This key is already in the channel (%1).</source>
        <translation>该密钥已在此渠道中（%1）。</translation>
    </message>
    <message>
        <source>Cannot store the key: %1</source>
        <translation>无法存储密钥：%1</translation>
    </message>
    <message>
        <source>Remove key</source>
        <translation>移除密钥</translation>
    </message>
    <message>
        <source>Remove the key %1 from channel %2? It is deleted from the keychain.</source>
        <translation>从渠道 %2 移除密钥 %1？它也会从钥匙串中删除。</translation>
    </message>
    <message>
        <source>Keys cannot be read: %1</source>
        <translation>无法读取密钥：%1</translation>
    </message>
    <message>
        <source>The key %1 is missing from the keychain.</source>
        <translation>钥匙串中缺少密钥 %1。</translation>
    </message>
    <message>
        <source>Cannot read the key %1: %2</source>
        <translation>无法读取密钥 %1：%2</translation>
    </message>
    <message>
        <source>Failed: %1</source>
        <translation>失败：%1</translation>
    </message>
    <message>
        <source>Testing…</source>
        <translation>正在测试…</translation>
    </message>
    <message>
        <source>OK: %1 ms in total, first token after %2 ms.</source>
        <translation>成功：总耗时 %1 毫秒，首个 token 用时 %2 毫秒。</translation>
    </message>
    <message>
        <source>Reply: "%1"</source>
        <translation>回复：“%1”</translation>
    </message>
    <message>
        <source>Discovery failed: %1</source>
        <translation>获取模型失败：%1</translation>
    </message>
    <message>
        <source>Discovering models…</source>
        <translation>正在获取模型…</translation>
    </message>
    <message numerus="yes">
        <source>Found %n model(s), %1 new. Save to keep them.</source>
        <translation><numerusform>找到 %n 个模型，其中 %1 个为新模型。保存后生效。</numerusform></translation>
    </message>
    <message>
        <source>Name:</source>
        <translation>名称：</translation>
    </message>
    <message>
        <source>Base URL override:</source>
        <translation>覆盖基础 URL：</translation>
    </message>
    <message>
        <source>Priority:</source>
        <translation>优先级：</translation>
    </message>
    <message>
        <source>Weight:</source>
        <translation>权重：</translation>
    </message>
    <message>
        <source>Daily request quota:</source>
        <translation>每日请求配额：</translation>
    </message>
    <message>
        <source>Daily budget:</source>
        <translation>每日预算：</translation>
    </message>
    <message>
        <source>Network proxy:</source>
        <translation>网络代理：</translation>
    </message>
    <message>
        <source>Routes name a channel and model as "channel,model"</source>
        <translation>路由以“渠道,模型”的形式引用渠道和模型</translation>
    </message>
    <message>
        <source>Lower runs first</source>
        <translation>数值越小越先使用</translation>
    </message>
    <message>
        <source>Unlimited</source>
        <translation>不限</translation>
    </message>
    <message>
        <source>Enabled</source>
        <translation>启用</translation>
    </message>
    <message>
        <source>Models</source>
        <translation>模型</translation>
    </message>
    <message>
        <source>Model id</source>
        <translation>模型 ID</translation>
    </message>
    <message>
        <source>Add</source>
        <translation>添加</translation>
    </message>
    <message>
        <source>Remove</source>
        <translation>移除</translation>
    </message>
    <message>
        <source>Discover models</source>
        <translation>获取模型列表</translation>
    </message>
    <message>
        <source>API keys</source>
        <translation>API 密钥</translation>
    </message>
    <message>
        <source>Key</source>
        <translation>密钥</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>Paste an API key</source>
        <translation>粘贴 API 密钥</translation>
    </message>
    <message>
        <source>Add key</source>
        <translation>添加密钥</translation>
    </message>
    <message>
        <source>Re-enable</source>
        <translation>重新启用</translation>
    </message>
    <message>
        <source>Keys are kept in the system keychain and shown only by their first characters.</source>
        <translation>密钥保存在系统钥匙串中，只显示开头几个字符。</translation>
    </message>
    <message>
        <source>Test</source>
        <translation>测试</translation>
    </message>
    <message>
        <source>Model used for the test request</source>
        <translation>测试请求使用的模型</translation>
    </message>
    <message>
        <source>Save</source>
        <translation>保存</translation>
    </message>
    <message>
        <source>Revert</source>
        <translation>还原</translation>
    </message>
</context>
<context>
    <name>Switchyard::ChannelModel</name>
    <message numerus="yes">
        <source>%n model(s)</source>
        <translation><numerusform>%n 个模型</numerusform></translation>
    </message>
    <message>
        <source>none</source>
        <translation>无</translation>
    </message>
    <message>
        <source>%1 (%2 disabled)</source>
        <translation>%1（%2 个已停用）</translation>
    </message>
    <message>
        <source>Channel</source>
        <translation>渠道</translation>
    </message>
    <message>
        <source>Models</source>
        <translation>模型</translation>
    </message>
    <message>
        <source>Priority</source>
        <translation>优先级</translation>
    </message>
    <message>
        <source>Weight</source>
        <translation>权重</translation>
    </message>
    <message>
        <source>Keys</source>
        <translation>密钥</translation>
    </message>
    <message>
        <source>On</source>
        <translation>启用</translation>
    </message>
</context>
<context>
    <name>Switchyard::ChannelTester</name>
    <message>
        <source>Testing %1 providers is not supported yet.</source>
        <translation>暂不支持测试 %1 类型的服务商。</translation>
    </message>
    <message>
        <source>The base URL is empty or invalid.</source>
        <translation>基础 URL 为空或无效。</translation>
    </message>
    <message>
        <source>No model to test with: add a model first.</source>
        <translation>没有可用于测试的模型：请先添加模型。</translation>
    </message>
    <message>
        <source>Connecting to %1…</source>
        <translation>正在连接 %1…</translation>
    </message>
    <message>
        <source>Waiting for the first token…</source>
        <translation>正在等待首个 token…</translation>
    </message>
    <message>
        <source>First token after %1 ms…</source>
        <translation>首个 token 用时 %1 毫秒…</translation>
    </message>
    <message>
        <source>No complete answer within %1 s.</source>
        <translation>%1 秒内未收到完整回复。</translation>
    </message>
    <message>
        <source>Cannot connect: %1</source>
        <translation>无法连接：%1</translation>
    </message>
    <message>
        <source>HTTP %1</source>
        <translation>HTTP %1</translation>
    </message>
    <message>
        <source>HTTP %1: %2</source>
        <translation>HTTP %1：%2</translation>
    </message>
    <message>
        <source>The stream reported an error: %1</source>
        <translation>流中返回了错误：%1</translation>
    </message>
    <message>
        <source>The stream broke off: %1</source>
        <translation>流意外中断：%1</translation>
    </message>
    <message>
        <source>The answer is neither a stream nor JSON.</source>
        <translation>回复既不是流也不是 JSON。</translation>
    </message>
    <message>
        <source>Listing the models of %1 providers is not supported yet.</source>
        <translation>暂不支持获取 %1 类型服务商的模型列表。</translation>
    </message>
    <message>
        <source>Asking %1 for its models…</source>
        <translation>正在向 %1 获取模型列表…</translation>
    </message>
    <message>
        <source>No answer within %1 s.</source>
        <translation>%1 秒内无响应。</translation>
    </message>
    <message>
        <source>The model list is not JSON.</source>
        <translation>模型列表不是 JSON。</translation>
    </message>
    <message numerus="yes">
        <source>Received %n model(s)…</source>
        <translation><numerusform>已收到 %n 个模型…</numerusform></translation>
    </message>
</context>
<context>
    <name>Switchyard::ClientKeyModel</name>
    <message>
        <source>Disabled</source>
        <translation>已停用</translation>
    </message>
    <message>
        <source>Expired</source>
        <translation>已过期</translation>
    </message>
    <message>
        <source>Active</source>
        <translation>有效</translation>
    </message>
    <message>
        <source>Never</source>
        <translation>永不</translation>
    </message>
    <message>
        <source>Unlimited</source>
        <translation>不限</translation>
    </message>
    <message>
        <source>All models</source>
        <translation>全部模型</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>名称</translation>
    </message>
    <message>
        <source>Key</source>
        <translation>密钥</translation>
    </message>
    <message>
        <source>Created</source>
        <translation>创建时间</translation>
    </message>
    <message>
        <source>Expires</source>
        <translation>过期时间</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>Daily budget</source>
        <translation>每日预算</translation>
    </message>
    <message>
        <source>Allowed models</source>
        <translation>允许的模型</translation>
    </message>
    <message>
        <source>Slot map</source>
        <translation>槽位映射</translation>
    </message>
</context>
<context>
    <name>Switchyard::ClientKeysPage</name>
    <message>
        <source>Copied</source>
        <translation>已复制</translation>
    </message>
    <message>
        <source>Tools such as Claude Code and the OpenAI SDKs send one of these keys to Switchyard. Give each tool or machine its own key, so you can limit, watch and revoke it on its own.</source>
        <translation>Claude Code、OpenAI SDK 等工具用这里的密钥访问 Switchyard。请为每个工具或每台电脑单独创建密钥，以便分别限制、查看和吊销。</translation>
    </message>
    <message>
        <source>Name of the new key, e.g. laptop or claude-code</source>
        <translation>新密钥的名称，例如 laptop 或 claude-code</translation>
    </message>
    <message>
        <source>Create key</source>
        <translation>创建密钥</translation>
    </message>
    <message>
        <source>Copy</source>
        <translation>复制</translation>
    </message>
    <message>
        <source>Copy this key now: you will not see it again. Switchyard keeps only a hash of it and cannot show it later.</source>
        <translation>请立即复制此密钥：它不会再次显示。Switchyard 只保存它的哈希值，之后无法再显示。</translation>
    </message>
    <message>
        <source>Done</source>
        <translation>完成</translation>
    </message>
    <message>
        <source>New key for “%1”</source>
        <translation>“%1”的新密钥</translation>
    </message>
    <message>
        <source>Selected key</source>
        <translation>所选密钥</translation>
    </message>
    <message>
        <source>&amp;Name:</source>
        <translation>名称(&amp;N)：</translation>
    </message>
    <message>
        <source>E&amp;xpires:</source>
        <translation>过期时间(&amp;X)：</translation>
    </message>
    <message>
        <source>Never</source>
        <translation>永不过期</translation>
    </message>
    <message>
        <source>Daily &amp;budget:</source>
        <translation>每日预算(&amp;B)：</translation>
    </message>
    <message>
        <source>Unlimited</source>
        <translation>不限</translation>
    </message>
    <message>
        <source>US dollars per day, by the price table. Requests beyond it get a 429 error naming the budget. 0 = unlimited.</source>
        <translation>每天的美元额度，按价格表计算。超出后请求会收到注明该预算的 429 错误。0 表示不限。</translation>
    </message>
    <message>
        <source>&amp;Allowed models:</source>
        <translation>允许的模型(&amp;A)：</translation>
    </message>
    <message>
        <source>All models. Or list them, one per line or separated by commas; * and ? match any text.</source>
        <translation>全部模型。也可逐个列出，每行一个或用逗号分隔；* 和 ? 可匹配任意文本。</translation>
    </message>
    <message>
        <source>Slot map:</source>
        <translation>槽位映射：</translation>
    </message>
    <message>
        <source>Where Claude Code's opus, sonnet and haiku requests go for this key, before any other routing rule.</source>
        <translation>此密钥的 Claude Code opus、sonnet、haiku 请求发往何处，优先于其他路由规则。</translation>
    </message>
    <message>
        <source>Save</source>
        <translation>保存</translation>
    </message>
    <message>
        <source>Revert</source>
        <translation>还原</translation>
    </message>
    <message>
        <source>Delete…</source>
        <translation>删除…</translation>
    </message>
    <message>
        <source>Could not save the key: %1</source>
        <translation>无法保存密钥：%1</translation>
    </message>
    <message>
        <source>Switchyard is not running.</source>
        <translation>Switchyard 未在运行。</translation>
    </message>
    <message>
        <source>Enter a name for the new key first.</source>
        <translation>请先输入新密钥的名称。</translation>
    </message>
    <message>
        <source>A key named “%1” exists already.</source>
        <translation>已存在名为“%1”的密钥。</translation>
    </message>
    <message>
        <source>Created the key “%1”.</source>
        <translation>已创建密钥“%1”。</translation>
    </message>
    <message>
        <source>This key no longer exists.</source>
        <translation>此密钥已不存在。</translation>
    </message>
    <message>
        <source>A key needs a name.</source>
        <translation>密钥必须有名称。</translation>
    </message>
    <message>
        <source>The %1 target “%2” names no channel or group yet.</source>
        <translation>%1 的目标“%2”尚未对应任何渠道或分组。</translation>
    </message>
    <message>
        <source>The expiry is in the past: this key no longer works.</source>
        <translation>过期时间已过：此密钥已无法使用。</translation>
    </message>
    <message>
        <source>Saved.</source>
        <translation>已保存。</translation>
    </message>
    <message>
        <source>Disabled: requests with this key are refused now.</source>
        <translation>已停用：使用此密钥的请求现在会被拒绝。</translation>
    </message>
    <message>
        <source>Enabled: the key works again.</source>
        <translation>已启用：此密钥重新可用。</translation>
    </message>
    <message>
        <source>Delete client key</source>
        <translation>删除客户端密钥</translation>
    </message>
    <message>
        <source>Delete the key “%1” (%2…)? Tools that use it are refused from now on. This cannot be undone.</source>
        <translation>删除密钥“%1”（%2…）？使用它的工具从现在起会被拒绝。此操作无法撤销。</translation>
    </message>
    <message>
        <source>Delete</source>
        <translation>删除</translation>
    </message>
    <message>
        <source>Could not delete the key: %1</source>
        <translation>无法删除密钥：%1</translation>
    </message>
    <message>
        <source>Enable</source>
        <translation>启用</translation>
    </message>
    <message>
        <source>Disable</source>
        <translation>停用</translation>
    </message>
</context>
<context>
    <name>Switchyard::ConnectClaudeWidget</name>
    <message>
        <source>Connect Claude Code writes the proxy's address and a Switchyard client key into ~/.claude/settings.json. The file's other settings are kept and a backup is made; your provider keys never go there.</source>
        <translation>“连接 Claude Code”会把代理地址和一个 Switchyard 客户端密钥写入 ~/.claude/settings.json。文件中的其他设置保持不变，并会先做备份；您的服务商密钥绝不会写入其中。</translation>
    </message>
    <message>
        <source>Connect Claude Code</source>
        <translation>连接 Claude Code</translation>
    </message>
    <message>
        <source>Restore previous settings</source>
        <translation>恢复原来的设置</translation>
    </message>
    <message>
        <source>Or set these variables in a terminal:</source>
        <translation>或者在终端中设置这些变量：</translation>
    </message>
    <message>
        <source>Copy lines</source>
        <translation>复制命令</translation>
    </message>
    <message>
        <source>Claude Code now uses Switchyard. New sessions pick it up; restart running ones.</source>
        <translation>Claude Code 现在使用 Switchyard。新会话会自动生效；正在运行的会话请重启。</translation>
    </message>
    <message>
        <source>The previous Claude Code settings are back.</source>
        <translation>已恢复原来的 Claude Code 设置。</translation>
    </message>
    <message>
        <source>Reconnect Claude Code</source>
        <translation>重新连接 Claude Code</translation>
    </message>
    <message>
        <source>Claude Code is connected to this proxy.</source>
        <translation>Claude Code 已连接到此代理。</translation>
    </message>
    <message>
        <source>Claude Code is not connected yet.</source>
        <translation>Claude Code 尚未连接。</translation>
    </message>
</context>
<context>
    <name>Switchyard::DashboardPage</name>
    <message>
        <source>Proxy</source>
        <translation>代理</translation>
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
        <source>Today</source>
        <translation>今天</translation>
    </message>
    <message>
        <source>Requests</source>
        <translation>请求数</translation>
    </message>
    <message>
        <source>Tokens</source>
        <translation>令牌数</translation>
    </message>
    <message>
        <source>Cost</source>
        <translation>费用</translation>
    </message>
    <message>
        <source>Channel health</source>
        <translation>渠道健康状况</translation>
    </message>
    <message>
        <source>No channel has been used since the proxy started.</source>
        <translation>代理启动以来尚未使用任何渠道。</translation>
    </message>
    <message>
        <source>Active Claude Code sessions</source>
        <translation>活跃的 Claude Code 会话</translation>
    </message>
    <message>
        <source>No Claude Code session sent a request in the last 30 minutes.</source>
        <translation>最近 30 分钟内没有 Claude Code 会话发出请求。</translation>
    </message>
    <message>
        <source>Session</source>
        <translation>会话</translation>
    </message>
    <message>
        <source>Last model</source>
        <translation>最近模型</translation>
    </message>
    <message>
        <source>Last request</source>
        <translation>最近请求</translation>
    </message>
    <message>
        <source>Claude Code</source>
        <translation>Claude Code</translation>
    </message>
    <message>
        <source>The proxy is stopped.</source>
        <translation>代理已停止。</translation>
    </message>
    <message>
        <source>The proxy is running, but some channels are failing.</source>
        <translation>代理正在运行，但部分渠道出现故障。</translation>
    </message>
    <message>
        <source>The proxy is running.</source>
        <translation>代理正在运行。</translation>
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
        <source>Forced off</source>
        <translation>已强制关闭</translation>
    </message>
    <message>
        <source>Forced on</source>
        <translation>已强制开启</translation>
    </message>
    <message>
        <source>Paused</source>
        <translation>已暂停</translation>
    </message>
    <message>
        <source>Probing</source>
        <translation>探测中</translation>
    </message>
    <message>
        <source>Healthy</source>
        <translation>正常</translation>
    </message>
    <message>
        <source>TTFT –</source>
        <translation>首字延迟 –</translation>
    </message>
    <message>
        <source>TTFT %1 ms</source>
        <translation>首字延迟 %1 毫秒</translation>
    </message>
    <message>
        <source>no recent requests</source>
        <translation>近期无请求</translation>
    </message>
    <message>
        <source>%1% ok</source>
        <translation>成功率 %1%</translation>
    </message>
    <message>
        <source>Last error: %1</source>
        <translation>最近错误：%1</translation>
    </message>
</context>
<context>
    <name>Switchyard::FirstRunClaudePage</name>
    <message>
        <source>Connect Claude Code</source>
        <translation>连接 Claude Code</translation>
    </message>
    <message>
        <source>Point Claude Code at Switchyard with one click, or skip this and do it later from the dashboard.</source>
        <translation>一键让 Claude Code 使用 Switchyard，也可以跳过，稍后在仪表盘中操作。</translation>
    </message>
    <message>
        <source>Your provider is set up and is the default route.</source>
        <translation>服务商已配置完成，并已设为默认路由。</translation>
    </message>
</context>
<context>
    <name>Switchyard::FirstRunKeyPage</name>
    <message>
        <source>There is no key store yet: no system keychain answered. Close the wizard and use the banner at the top of the window to choose where keys are kept.</source>
        <translation>还没有可用的密钥存储：系统钥匙串没有响应。请关闭向导，并通过窗口顶部的提示条选择密钥的存放位置。</translation>
    </message>
    <message>
        <source>Paste your key</source>
        <translation>粘贴密钥</translation>
    </message>
    <message>
        <source>The key is kept in Switchyard's unencrypted key file (no keychain is available) and never shown again in full.</source>
        <translation>密钥保存在 Switchyard 的未加密密钥文件中（没有可用的钥匙串），之后不会再完整显示。</translation>
    </message>
    <message>
        <source>The key is kept in your system keychain and never shown again in full.</source>
        <translation>密钥保存在系统钥匙串中，之后不会再完整显示。</translation>
    </message>
    <message>
        <source>API key:</source>
        <translation>API 密钥：</translation>
    </message>
    <message>
        <source>Base URL:</source>
        <translation>基础 URL：</translation>
    </message>
    <message>
        <source>Model:</source>
        <translation>模型：</translation>
    </message>
    <message>
        <source>%1 needs no key. Check that it is running at the base URL below.</source>
        <translation>%1 不需要密钥。请确认它正在下面的基础 URL 上运行。</translation>
    </message>
    <message>
        <source>Create a key at &lt;a href="%1"&gt;%1&lt;/a&gt; and paste it here.</source>
        <translation>请在 &lt;a href="%1"&gt;%1&lt;/a&gt; 创建密钥并粘贴到这里。</translation>
    </message>
    <message>
        <source>Paste the API key of your provider.</source>
        <translation>请粘贴服务商的 API 密钥。</translation>
    </message>
</context>
<context>
    <name>Switchyard::FirstRunPresetPage</name>
    <message>
        <source>Pick a provider</source>
        <translation>选择服务商</translation>
    </message>
    <message>
        <source>Where should Switchyard send requests? You can add more providers later.</source>
        <translation>Switchyard 应把请求发往哪里？之后还可以添加更多服务商。</translation>
    </message>
    <message>
        <source>Choose the service you have an API key for, or a local Ollama.</source>
        <translation>请选择您拥有 API 密钥的服务，或本地的 Ollama。</translation>
    </message>
</context>
<context>
    <name>Switchyard::FirstRunTestPage</name>
    <message>
        <source>Sending a short request to %1…</source>
        <translation>正在向 %1 发送一个简短请求…</translation>
    </message>
    <message>
        <source>It works: answered in %1 ms, first token after %2 ms.</source>
        <translation>连接成功：%1 毫秒内完成应答，首个令牌用时 %2 毫秒。</translation>
    </message>
    <message>
        <source>The test failed: %1
You can go back and fix the key or URL, or continue and fix it later on the Providers page.</source>
        <translation>测试失败：%1
您可以返回修改密钥或 URL，也可以继续，稍后在“服务商”页面中修正。</translation>
    </message>
    <message>
        <source>Test the connection</source>
        <translation>测试连接</translation>
    </message>
    <message>
        <source>Switchyard sends one tiny request with your key, straight to the provider.</source>
        <translation>Switchyard 会用您的密钥直接向服务商发送一个很小的请求。</translation>
    </message>
    <message>
        <source>Next stores the provider and makes this model the default route.</source>
        <translation>点击“下一步”将保存服务商，并把此模型设为默认路由。</translation>
    </message>
    <message>
        <source>Test again</source>
        <translation>重新测试</translation>
    </message>
</context>
<context>
    <name>Switchyard::FirstRunWizard</name>
    <message>
        <source>Welcome to Switchyard</source>
        <translation>欢迎使用 Switchyard</translation>
    </message>
    <message>
        <source>Nothing to save.</source>
        <translation>没有需要保存的内容。</translation>
    </message>
    <message>
        <source>There is no key store: no system keychain answered.</source>
        <translation>没有可用的密钥存储：系统钥匙串没有响应。</translation>
    </message>
</context>
<context>
    <name>Switchyard::GroupModel</name>
    <message>
        <source>unlimited</source>
        <translation>不限</translation>
    </message>
    <message>
        <source>Priority (fallback in order)</source>
        <translation>优先级（按顺序回退）</translation>
    </message>
    <message>
        <source>Weighted round robin</source>
        <translation>加权轮询</translation>
    </message>
    <message>
        <source>Least connections</source>
        <translation>最少连接</translation>
    </message>
    <message>
        <source>Fastest response</source>
        <translation>最快响应</translation>
    </message>
    <message>
        <source>Cheapest</source>
        <translation>最低成本</translation>
    </message>
    <message>
        <source>Hybrid score</source>
        <translation>综合评分</translation>
    </message>
    <message>
        <source>Pinned member</source>
        <translation>固定成员</translation>
    </message>
    <message>
        <source>Auto</source>
        <translation>自动</translation>
    </message>
    <message>
        <source>Group</source>
        <translation>分组</translation>
    </message>
    <message>
        <source>Strategy</source>
        <translation>策略</translation>
    </message>
    <message>
        <source>Members</source>
        <translation>成员</translation>
    </message>
    <message>
        <source>Enabled</source>
        <translation>启用</translation>
    </message>
    <message>
        <source>Daily budget</source>
        <translation>每日预算</translation>
    </message>
    <message>
        <source>Max per request</source>
        <translation>单次上限</translation>
    </message>
</context>
<context>
    <name>Switchyard::GroupsPage</name>
    <message>
        <source>Pick a channel and a model to add.</source>
        <translation>请选择要添加的渠道和模型。</translation>
    </message>
    <message>
        <source>The group needs a name: the model name clients ask for, such as auto:fast.</source>
        <translation>分组需要名称，即客户端请求的模型名，例如 auto:fast。</translation>
    </message>
    <message>
        <source>A group name cannot contain a comma: "&lt;channel&gt;,&lt;model&gt;" names a channel's model.</source>
        <translation>分组名称不能包含逗号：“&lt;渠道&gt;,&lt;模型&gt;”表示某个渠道的模型。</translation>
    </message>
    <message>
        <source>Another group is already called %1.</source>
        <translation>已有分组名为 %1。</translation>
    </message>
    <message>
        <source>Channel %1 offers a model called %2; pick another group name.</source>
        <translation>渠道 %1 提供名为 %2 的模型，请换一个分组名称。</translation>
    </message>
    <message>
        <source>Could not save the group: %1</source>
        <translation>无法保存分组：%1</translation>
    </message>
    <message>
        <source>Saved %1.</source>
        <translation>已保存 %1。</translation>
    </message>
    <message>
        <source>Delete group</source>
        <translation>删除分组</translation>
    </message>
    <message>
        <source>Delete the model group %1? Clients asking for it get routed by the other rules.</source>
        <translation>删除模型分组 %1？请求它的客户端将按其他规则路由。</translation>
    </message>
    <message>
        <source>Delete</source>
        <translation>删除</translation>
    </message>
    <message>
        <source>Could not delete %1: %2</source>
        <translation>无法删除 %1：%2</translation>
    </message>
    <message>
        <source>Deleted %1.</source>
        <translation>已删除 %1。</translation>
    </message>
    <message>
        <source>Model groups</source>
        <translation>模型分组</translation>
    </message>
    <message>
        <source>A group is a virtual model (such as auto:fast) that clients ask for by name. Its members are tried in the order of the strategy; the list order is their priority.</source>
        <translation>分组是客户端按名称请求的虚拟模型（例如 auto:fast）。成员按策略的顺序尝试；列表顺序即其优先级。</translation>
    </message>
    <message>
        <source>New group</source>
        <translation>新建分组</translation>
    </message>
    <message>
        <source>Group</source>
        <translation>分组</translation>
    </message>
    <message>
        <source>Name (model):</source>
        <translation>名称（模型）：</translation>
    </message>
    <message>
        <source>auto:fast</source>
        <translation>auto:fast</translation>
    </message>
    <message>
        <source>Strategy:</source>
        <translation>策略：</translation>
    </message>
    <message>
        <source>Enabled</source>
        <translation>启用</translation>
    </message>
    <message>
        <source>Daily budget:</source>
        <translation>每日预算：</translation>
    </message>
    <message>
        <source>unlimited</source>
        <translation>不限</translation>
    </message>
    <message>
        <source>Max cost per request:</source>
        <translation>单次请求上限：</translation>
    </message>
    <message>
        <source>Pinned member:</source>
        <translation>固定成员：</translation>
    </message>
    <message>
        <source>Hybrid weights</source>
        <translation>综合评分权重</translation>
    </message>
    <message>
        <source>Latency:</source>
        <translation>延迟：</translation>
    </message>
    <message>
        <source>Cost:</source>
        <translation>成本：</translation>
    </message>
    <message>
        <source>Success rate:</source>
        <translation>成功率：</translation>
    </message>
    <message>
        <source>Remaining budget:</source>
        <translation>剩余预算：</translation>
    </message>
    <message>
        <source>Context fit:</source>
        <translation>上下文适配：</translation>
    </message>
    <message>
        <source>Members</source>
        <translation>成员</translation>
    </message>
    <message>
        <source>Add member</source>
        <translation>添加成员</translation>
    </message>
    <message>
        <source>Remove</source>
        <translation>移除</translation>
    </message>
    <message>
        <source>Move up</source>
        <translation>上移</translation>
    </message>
    <message>
        <source>Move down</source>
        <translation>下移</translation>
    </message>
    <message>
        <source>Drag rows to reorder. Unticked tags: the member is not filtered for them.</source>
        <translation>拖动行可调整顺序。未勾选的能力标签不参与筛选。</translation>
    </message>
    <message>
        <source>Time policies</source>
        <translation>时间策略</translation>
    </message>
    <message>
        <source>Save group</source>
        <translation>保存分组</translation>
    </message>
    <message>
        <source>Revert</source>
        <translation>还原</translation>
    </message>
</context>
<context>
    <name>Switchyard::LogModel</name>
    <message>
        <source>Time</source>
        <translation>时间</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>Model</source>
        <translation>模型</translation>
    </message>
    <message>
        <source>Channel</source>
        <translation>渠道</translation>
    </message>
    <message>
        <source>Route</source>
        <translation>路由</translation>
    </message>
    <message>
        <source>Session</source>
        <translation>会话</translation>
    </message>
    <message>
        <source>Latency</source>
        <translation>延迟</translation>
    </message>
    <message>
        <source>TTFT</source>
        <translation>首 token 时间</translation>
    </message>
    <message>
        <source>Tokens</source>
        <translation>Token</translation>
    </message>
    <message>
        <source>Cost</source>
        <translation>费用</translation>
    </message>
    <message>
        <source>Failovers</source>
        <translation>故障转移</translation>
    </message>
    <message>
        <source>Error</source>
        <translation>错误</translation>
    </message>
</context>
<context>
    <name>Switchyard::LogsPage</name>
    <message>
        <source>All models</source>
        <translation>全部模型</translation>
    </message>
    <message>
        <source>All channels</source>
        <translation>全部渠道</translation>
    </message>
    <message>
        <source>Showing the newest %1 requests; narrow the filters to see older ones.</source>
        <translation>仅显示最新的 %1 个请求；缩小筛选范围以查看更早的请求。</translation>
    </message>
    <message>
        <source>%1 requests</source>
        <translation>%1 个请求</translation>
    </message>
    <message>
        <source>Select a request to see its details.</source>
        <translation>选择一个请求以查看详情。</translation>
    </message>
    <message>
        <source>%1 · %2 · HTTP %3 %4 · %5 · %6</source>
        <translation>%1 · %2 · HTTP %3 %4 · %5 · %6</translation>
    </message>
    <message>
        <source>Latency %1, first token %2 · %3 in, %4 out, %5 cache read, %6 cache write · %7</source>
        <translation>延迟 %1，首 token %2 · 输入 %3，输出 %4，缓存读取 %5，缓存写入 %6 · %7</translation>
    </message>
    <message>
        <source>(not recorded)</source>
        <translation>（未记录）</translation>
    </message>
    <message>
        <source>Not captured. Turn on body capture in the settings to record headers and bodies of new requests.</source>
        <translation>未捕获。在设置中开启请求体捕获，即可记录新请求的请求头和请求体/响应体。</translation>
    </message>
    <message>
        <source>Last hour</source>
        <translation>最近 1 小时</translation>
    </message>
    <message>
        <source>Today</source>
        <translation>今天</translation>
    </message>
    <message>
        <source>Last 7 days</source>
        <translation>最近 7 天</translation>
    </message>
    <message>
        <source>Last 30 days</source>
        <translation>最近 30 天</translation>
    </message>
    <message>
        <source>All time</source>
        <translation>全部时间</translation>
    </message>
    <message>
        <source>All statuses</source>
        <translation>全部状态</translation>
    </message>
    <message>
        <source>Success</source>
        <translation>成功</translation>
    </message>
    <message>
        <source>Errors</source>
        <translation>错误</translation>
    </message>
    <message>
        <source>Session id</source>
        <translation>会话 ID</translation>
    </message>
    <message>
        <source>Search id, model, channel, error…</source>
        <translation>搜索 ID、模型、渠道、错误…</translation>
    </message>
    <message>
        <source>Copy error</source>
        <translation>复制错误</translation>
    </message>
    <message>
        <source>Route reason:</source>
        <translation>路由原因：</translation>
    </message>
    <message>
        <source>#</source>
        <translation>#</translation>
    </message>
    <message>
        <source>Channel</source>
        <translation>渠道</translation>
    </message>
    <message>
        <source>Model</source>
        <translation>模型</translation>
    </message>
    <message>
        <source>Key</source>
        <translation>密钥</translation>
    </message>
    <message>
        <source>Outcome</source>
        <translation>结果</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>Error</source>
        <translation>错误</translation>
    </message>
    <message>
        <source>Time</source>
        <translation>耗时</translation>
    </message>
    <message>
        <source>Route trace</source>
        <translation>路由轨迹</translation>
    </message>
    <message>
        <source>Headers</source>
        <translation>请求头</translation>
    </message>
    <message>
        <source>Request body</source>
        <translation>请求体</translation>
    </message>
    <message>
        <source>Response body</source>
        <translation>响应体</translation>
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
        <source>No system keychain answered, so upstream API keys cannot be stored securely. Install and unlock a Secret Service (GNOME Keyring or KWallet) and restart Switchyard, or keep keys in a plaintext file that only your user can read.</source>
        <translation>没有系统钥匙串响应，因此无法安全地保存上游 API 密钥。请安装并解锁 Secret Service（GNOME Keyring 或 KWallet）后重新启动 Switchyard，或将密钥保存在仅您的用户可读的明文文件中。</translation>
    </message>
    <message>
        <source>Upstream API keys are stored UNENCRYPTED in a file in the data directory, because no system keychain is available.</source>
        <translation>上游 API 密钥以未加密形式保存在数据目录的文件中，因为没有可用的系统钥匙串。</translation>
    </message>
    <message>
        <source>Dashboard</source>
        <translation>仪表盘</translation>
    </message>
    <message>
        <source>Providers &amp; channels</source>
        <translation>服务商与渠道</translation>
    </message>
    <message>
        <source>Model groups</source>
        <translation>模型组</translation>
    </message>
    <message>
        <source>Routing</source>
        <translation>路由</translation>
    </message>
    <message>
        <source>Client keys</source>
        <translation>客户端密钥</translation>
    </message>
    <message>
        <source>Usage</source>
        <translation>用量</translation>
    </message>
    <message>
        <source>Logs</source>
        <translation>日志</translation>
    </message>
    <message>
        <source>Settings</source>
        <translation>设置</translation>
    </message>
</context>
<context>
    <name>Switchyard::MemberModel</name>
    <message>
        <source>Channel</source>
        <translation>渠道</translation>
    </message>
    <message>
        <source>Model</source>
        <translation>模型</translation>
    </message>
    <message>
        <source>Priority</source>
        <translation>优先级</translation>
    </message>
    <message>
        <source>Weight</source>
        <translation>权重</translation>
    </message>
    <message>
        <source>Tools</source>
        <translation>工具</translation>
    </message>
    <message>
        <source>Vision</source>
        <translation>视觉</translation>
    </message>
    <message>
        <source>Thinking</source>
        <translation>思考</translation>
    </message>
    <message>
        <source>Context window</source>
        <translation>上下文窗口</translation>
    </message>
    <message>
        <source>Input $/MTok</source>
        <translation>输入 $/百万词元</translation>
    </message>
    <message>
        <source>Output $/MTok</source>
        <translation>输出 $/百万词元</translation>
    </message>
</context>
<context>
    <name>Switchyard::Notifier</name>
    <message>
        <source>(%1 more like this)</source>
        <translation>（另有 %1 条同类通知）</translation>
    </message>
    <message>
        <source>%1 (%2)</source>
        <translation>%1（%2）</translation>
    </message>
    <message>
        <source>Failover</source>
        <translation>故障转移</translation>
    </message>
    <message>
        <source>%1 failed: %2</source>
        <translation>%1 失败：%2</translation>
    </message>
    <message>
        <source>%1 → %2: %3</source>
        <translation>%1 → %2：%3</translation>
    </message>
    <message>
        <source>Channel paused</source>
        <translation>渠道已暂停</translation>
    </message>
    <message>
        <source>%1 keeps failing, requests go elsewhere for now: %2</source>
        <translation>%1 持续失败，请求暂时转往其他渠道：%2</translation>
    </message>
    <message>
        <source>Channel recovered</source>
        <translation>渠道已恢复</translation>
    </message>
    <message>
        <source>%1 takes requests again.</source>
        <translation>%1 已重新接收请求。</translation>
    </message>
    <message>
        <source>Key disabled</source>
        <translation>密钥已停用</translation>
    </message>
    <message>
        <source>Key %1 of %2 was disabled: %3</source>
        <translation>%2 的密钥 %1 已停用：%3</translation>
    </message>
    <message>
        <source>Budget at %1%</source>
        <translation>预算已用 %1%</translation>
    </message>
    <message>
        <source>%1 has used %2% of its daily limit.</source>
        <translation>%1 已用掉每日限额的 %2%。</translation>
    </message>
    <message>
        <source>Budget used up</source>
        <translation>预算已用完</translation>
    </message>
    <message>
        <source>%1 reached its daily limit; its requests are refused until tomorrow.</source>
        <translation>%1 已达到每日限额；在明天之前其请求将被拒绝。</translation>
    </message>
</context>
<context>
    <name>Switchyard::PriceModel</name>
    <message>
        <source>Model</source>
        <translation>模型</translation>
    </message>
    <message>
        <source>Input $/MTok</source>
        <translation>输入 $/百万</translation>
    </message>
    <message>
        <source>Output $/MTok</source>
        <translation>输出 $/百万</translation>
    </message>
    <message>
        <source>Cache read $/MTok</source>
        <translation>缓存读取 $/百万</translation>
    </message>
    <message>
        <source>Cache write $/MTok</source>
        <translation>缓存写入 $/百万</translation>
    </message>
</context>
<context>
    <name>Switchyard::ProviderEditor</name>
    <message>
        <source>The provider needs a name.</source>
        <translation>服务商需要一个名称。</translation>
    </message>
    <message>
        <source>The base URL must be a full URL such as https://api.example.com/v1.</source>
        <translation>基础 URL 必须是完整地址，例如 https://api.example.com/v1。</translation>
    </message>
    <message>
        <source>Cannot save the provider: %1</source>
        <translation>无法保存服务商：%1</translation>
    </message>
    <message>
        <source>Name:</source>
        <translation>名称：</translation>
    </message>
    <message>
        <source>API:</source>
        <translation>接口：</translation>
    </message>
    <message>
        <source>Base URL:</source>
        <translation>基础 URL：</translation>
    </message>
    <message>
        <source>Capabilities:</source>
        <translation>能力：</translation>
    </message>
    <message>
        <source>Enabled</source>
        <translation>启用</translation>
    </message>
    <message>
        <source>tools, vision, thinking</source>
        <translation>tools, vision, thinking</translation>
    </message>
    <message>
        <source>Comma-separated capability tags used by model groups</source>
        <translation>以逗号分隔的能力标签，供模型组使用</translation>
    </message>
    <message>
        <source>The proxy does not route to this API yet.</source>
        <translation>代理暂不支持路由到此接口。</translation>
    </message>
    <message>
        <source>Prices per model (USD per million tokens)</source>
        <translation>各模型价格（美元/百万 token）</translation>
    </message>
    <message>
        <source>A model id or a glob such as gpt-4o*; double-click a cell to edit</source>
        <translation>模型 ID 或通配符（如 gpt-4o*）；双击单元格编辑</translation>
    </message>
    <message>
        <source>Add price</source>
        <translation>添加价格</translation>
    </message>
    <message>
        <source>Remove price</source>
        <translation>移除价格</translation>
    </message>
    <message>
        <source>Save</source>
        <translation>保存</translation>
    </message>
    <message>
        <source>Revert</source>
        <translation>还原</translation>
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
        <translation>OpenAI 兼容</translation>
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
        <translation>服务商</translation>
    </message>
    <message>
        <source>API</source>
        <translation>接口</translation>
    </message>
    <message>
        <source>Channels</source>
        <translation>渠道</translation>
    </message>
    <message>
        <source>On</source>
        <translation>启用</translation>
    </message>
</context>
<context>
    <name>Switchyard::ProviderPresets</name>
    <message>
        <source>Claude models, native Messages API</source>
        <translation>Claude 模型，原生 Messages 接口</translation>
    </message>
    <message>
        <source>GPT models, Chat Completions API</source>
        <translation>GPT 模型，Chat Completions 接口</translation>
    </message>
    <message>
        <source>DeepSeek chat and reasoner models</source>
        <translation>DeepSeek 对话与推理模型</translation>
    </message>
    <message>
        <source>One key for models of many vendors</source>
        <translation>一个密钥使用多家厂商的模型</translation>
    </message>
    <message>
        <source>Gemini API (not routed by the proxy yet)</source>
        <translation>Gemini 接口（代理暂不路由）</translation>
    </message>
    <message>
        <source>Very fast inference of open models</source>
        <translation>极速推理的开源模型</translation>
    </message>
    <message>
        <source>Open models hosted in China</source>
        <translation>国内托管的开源模型</translation>
    </message>
    <message>
        <source>Doubao and hosted models (ByteDance)</source>
        <translation>豆包及托管模型（字节跳动）</translation>
    </message>
    <message>
        <source>Kimi models</source>
        <translation>Kimi 模型</translation>
    </message>
    <message>
        <source>GLM models</source>
        <translation>GLM 模型</translation>
    </message>
    <message>
        <source>Local models on this computer, no key needed</source>
        <translation>本机运行的本地模型，无需密钥</translation>
    </message>
    <message>
        <source>Any other server with an OpenAI-compatible API</source>
        <translation>任何提供 OpenAI 兼容接口的服务</translation>
    </message>
</context>
<context>
    <name>Switchyard::ProvidersPage</name>
    <message>
        <source>Cannot read the configuration: %1</source>
        <translation>无法读取配置：%1</translation>
    </message>
    <message>
        <source>Custom</source>
        <translation>自定义</translation>
    </message>
    <message>
        <source>Cannot add the provider: %1</source>
        <translation>无法添加服务商：%1</translation>
    </message>
    <message>
        <source>The provider was added, but not its first channel: %1</source>
        <translation>服务商已添加，但首个渠道添加失败：%1</translation>
    </message>
    <message>
        <source>Cannot add the channel: %1</source>
        <translation>无法添加渠道：%1</translation>
    </message>
    <message>
        <source>Delete provider</source>
        <translation>删除服务商</translation>
    </message>
    <message numerus="yes">
        <source>Delete the provider %1 with its %n channel(s) and their keys?</source>
        <translation><numerusform>删除服务商 %1 及其 %n 个渠道和密钥？</numerusform></translation>
    </message>
    <message>
        <source>Cannot delete the provider: %1</source>
        <translation>无法删除服务商：%1</translation>
    </message>
    <message>
        <source>Delete channel</source>
        <translation>删除渠道</translation>
    </message>
    <message>
        <source>Delete the channel %1 and its keys? Routes and groups that use it stop using it.</source>
        <translation>删除渠道 %1 及其密钥？使用它的路由和模型组将不再使用它。</translation>
    </message>
    <message>
        <source>Cannot delete the channel: %1</source>
        <translation>无法删除渠道：%1</translation>
    </message>
    <message>
        <source>Cannot save: %1</source>
        <translation>无法保存：%1</translation>
    </message>
    <message>
        <source>Providers</source>
        <translation>服务商</translation>
    </message>
    <message>
        <source>Add provider</source>
        <translation>添加服务商</translation>
    </message>
    <message>
        <source>Adds a provider from the chosen preset, with a first channel</source>
        <translation>按所选预设添加服务商，并创建首个渠道</translation>
    </message>
    <message>
        <source>Add channel</source>
        <translation>添加渠道</translation>
    </message>
    <message>
        <source>Provider</source>
        <translation>服务商</translation>
    </message>
    <message>
        <source>Channels</source>
        <translation>渠道</translation>
    </message>
    <message>
        <source>No providers yet. Pick a preset on the left and press "Add provider".</source>
        <translation>还没有服务商。请在左侧选择预设并点击“添加服务商”。</translation>
    </message>
    <message>
        <source>Custom (OpenAI-compatible)</source>
        <translation>自定义（OpenAI 兼容）</translation>
    </message>
    <message>
        <source>(no key needed)</source>
        <translation>（无需密钥）</translation>
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
        <translation>显式目标</translation>
    </message>
    <message>
        <source>client key slot</source>
        <translation>客户端密钥槽位</translation>
    </message>
    <message>
        <source>scenario</source>
        <translation>场景</translation>
    </message>
    <message>
        <source>prefix rule</source>
        <translation>前缀规则</translation>
    </message>
    <message>
        <source>channel listing</source>
        <translation>渠道模型列表</translation>
    </message>
    <message>
        <source>default route</source>
        <translation>默认路由</translation>
    </message>
    <message>
        <source>model group</source>
        <translation>模型分组</translation>
    </message>
    <message>
        <source>Enter a model name or a JSON request.</source>
        <translation>请输入模型名称或 JSON 请求。</translation>
    </message>
    <message>
        <source>Not valid JSON: %1</source>
        <translation>不是有效的 JSON：%1</translation>
    </message>
    <message>
        <source>The request must be a JSON object.</source>
        <translation>请求必须是 JSON 对象。</translation>
    </message>
    <message>
        <source>The request has no "model".</source>
        <translation>请求中没有 "model"。</translation>
    </message>
    <message>
        <source>Request: %1, model %2</source>
        <translation>请求：%1，模型 %2</translation>
    </message>
    <message>
        <source>Model: %1</source>
        <translation>模型：%1</translation>
    </message>
    <message>
        <source>Client key: %1</source>
        <translation>客户端密钥：%1</translation>
    </message>
    <message>
        <source>~%1 input tokens</source>
        <translation>约 %1 个输入词元</translation>
    </message>
    <message>
        <source>max_tokens %1</source>
        <translation>max_tokens %1</translation>
    </message>
    <message numerus="yes">
        <source>%n tool(s)</source>
        <translation><numerusform>%n 个工具</numerusform></translation>
    </message>
    <message>
        <source>web search</source>
        <translation>网页搜索</translation>
    </message>
    <message numerus="yes">
        <source>%n image(s)</source>
        <translation><numerusform>%n 张图片</numerusform></translation>
    </message>
    <message>
        <source>thinking</source>
        <translation>思考</translation>
    </message>
    <message>
        <source>thinking, effort %1</source>
        <translation>思考，强度 %1</translation>
    </message>
    <message>
        <source>title request</source>
        <translation>标题请求</translation>
    </message>
    <message>
        <source>Facts: %1</source>
        <translation>请求特征：%1</translation>
    </message>
    <message>
        <source>Decided by: %1: %2</source>
        <translation>决定步骤：%1：%2</translation>
    </message>
    <message>
        <source>No route: %1</source>
        <translation>无可用路由：%1</translation>
    </message>
    <message>
        <source>Effort override: %1</source>
        <translation>强度覆盖：%1</translation>
    </message>
    <message>
        <source>Strategy: %1</source>
        <translation>策略：%1</translation>
    </message>
    <message>
        <source>Candidates, in the order they are tried:</source>
        <translation>候选（按尝试顺序）：</translation>
    </message>
    <message>
        <source>(breaker open)</source>
        <translation>（熔断中）</translation>
    </message>
    <message>
        <source>Trace:</source>
        <translation>追踪：</translation>
    </message>
</context>
<context>
    <name>Switchyard::RoutingPage</name>
    <message>
        <source>(no client key)</source>
        <translation>（无客户端密钥）</translation>
    </message>
    <message>
        <source>%1: there is no channel %2.</source>
        <translation>%1：不存在渠道 %2。</translation>
    </message>
    <message>
        <source>%1: the model after the comma is missing.</source>
        <translation>%1：逗号后缺少模型。</translation>
    </message>
    <message>
        <source>%1 is neither a group, a channel nor "&lt;channel&gt;,&lt;model&gt;".</source>
        <translation>%1 既不是分组、渠道，也不是“&lt;渠道&gt;,&lt;模型&gt;”。</translation>
    </message>
    <message>
        <source>A prefix rule has no glob.</source>
        <translation>有前缀规则缺少通配模式。</translation>
    </message>
    <message>
        <source>Could not save the routing rules: %1</source>
        <translation>无法保存路由规则：%1</translation>
    </message>
    <message>
        <source>Routing saved.</source>
        <translation>路由已保存。</translation>
    </message>
    <message>
        <source>No route: %1</source>
        <translation>无可用路由：%1</translation>
    </message>
    <message>
        <source>%1 → %2</source>
        <translation>%1 → %2</translation>
    </message>
    <message>
        <source>Routing</source>
        <translation>路由</translation>
    </message>
    <message>
        <source>Scenario targets</source>
        <translation>场景目标</translation>
    </message>
    <message>
        <source>Where Claude Code's kinds of requests go. A target is "&lt;channel&gt;,&lt;model&gt;", a model group or a channel. Empty: the scenario is not used.</source>
        <translation>Claude Code 各类请求的去向。目标可以是“&lt;渠道&gt;,&lt;模型&gt;”、模型分组或渠道。留空表示不使用该场景。</translation>
    </message>
    <message>
        <source>Default:</source>
        <translation>默认：</translation>
    </message>
    <message>
        <source>When nothing else matches.</source>
        <translation>其他规则都不匹配时。</translation>
    </message>
    <message>
        <source>Background:</source>
        <translation>后台：</translation>
    </message>
    <message>
        <source>Haiku-class models and title requests.</source>
        <translation>Haiku 类模型和标题请求。</translation>
    </message>
    <message>
        <source>Think:</source>
        <translation>思考：</translation>
    </message>
    <message>
        <source>Thinking with a budget or a high effort.</source>
        <translation>带预算或高强度的思考。</translation>
    </message>
    <message>
        <source>Long context:</source>
        <translation>长上下文：</translation>
    </message>
    <message>
        <source>Input at or above the threshold.</source>
        <translation>输入达到阈值时。</translation>
    </message>
    <message>
        <source>Web search:</source>
        <translation>网页搜索：</translation>
    </message>
    <message>
        <source>A web_search tool is present.</source>
        <translation>包含 web_search 工具时。</translation>
    </message>
    <message>
        <source>Image:</source>
        <translation>图片：</translation>
    </message>
    <message>
        <source>Image blocks in the conversation.</source>
        <translation>对话中包含图片时。</translation>
    </message>
    <message>
        <source>Threshold:</source>
        <translation>阈值：</translation>
    </message>
    <message>
        <source> tokens</source>
        <translation> 词元</translation>
    </message>
    <message>
        <source>Prefix rules</source>
        <translation>前缀规则</translation>
    </message>
    <message>
        <source>Checked from top to bottom; the first glob (* and ?) matching the requested model wins, e.g. gpt-* → a group, claude-* → a channel.</source>
        <translation>自上而下检查；第一个匹配所请求模型的通配模式（* 和 ?）生效，例如 gpt-* → 分组，claude-* → 渠道。</translation>
    </message>
    <message>
        <source>Add rule</source>
        <translation>添加规则</translation>
    </message>
    <message>
        <source>Remove</source>
        <translation>移除</translation>
    </message>
    <message>
        <source>Move up</source>
        <translation>上移</translation>
    </message>
    <message>
        <source>Move down</source>
        <translation>下移</translation>
    </message>
    <message>
        <source>Save routing</source>
        <translation>保存路由</translation>
    </message>
    <message>
        <source>Revert</source>
        <translation>还原</translation>
    </message>
    <message>
        <source>Try a route</source>
        <translation>试算路由</translation>
    </message>
    <message>
        <source>Paste a model name or a whole JSON request (Anthropic or OpenAI). Nothing is sent; the rules as edited here are used, even before you save.</source>
        <translation>粘贴模型名称或完整的 JSON 请求（Anthropic 或 OpenAI 格式）。不会发送任何请求；使用本页当前编辑的规则，无需先保存。</translation>
    </message>
    <message>
        <source>claude-sonnet-4-5, or {"model": ..., "messages": [...]}</source>
        <translation>claude-sonnet-4-5，或 {"model": ..., "messages": [...]}</translation>
    </message>
    <message>
        <source>Client key:</source>
        <translation>客户端密钥：</translation>
    </message>
    <message>
        <source>Try</source>
        <translation>试算</translation>
    </message>
</context>
<context>
    <name>Switchyard::RuleModel</name>
    <message>
        <source>On</source>
        <translation>启用</translation>
    </message>
    <message>
        <source>Model glob</source>
        <translation>模型通配</translation>
    </message>
    <message>
        <source>Target</source>
        <translation>目标</translation>
    </message>
</context>
<context>
    <name>Switchyard::SettingsPage</name>
    <message>
        <source>The token is on the clipboard.</source>
        <translation>令牌已复制到剪贴板。</translation>
    </message>
    <message>
        <source>Could not save the setting %1: %2</source>
        <translation>无法保存设置 %1：%2</translation>
    </message>
    <message>
        <source>Proxy address</source>
        <translation>代理地址</translation>
    </message>
    <message>
        <source>&amp;Listen on:</source>
        <translation>监听地址(&amp;L)：</translation>
    </message>
    <message>
        <source>127.0.0.1 keeps the proxy private to this computer. 0.0.0.0 or :: opens it to your network: every client then needs a client key.</source>
        <translation>127.0.0.1 仅限本机访问代理。0.0.0.0 或 :: 会向网络开放：此时每个客户端都需要客户端密钥。</translation>
    </message>
    <message>
        <source>&amp;Port:</source>
        <translation>端口(&amp;P)：</translation>
    </message>
    <message>
        <source>Any free port</source>
        <translation>任意空闲端口</translation>
    </message>
    <message>
        <source>Apply and restart</source>
        <translation>应用并重启</translation>
    </message>
    <message>
        <source>The command line sets the address or port of this run; it takes precedence over these settings until Switchyard is started without it.</source>
        <translation>本次运行的地址或端口由命令行指定，在不带该参数启动 Switchyard 之前，它优先于这里的设置。</translation>
    </message>
    <message>
        <source>General</source>
        <translation>常规</translation>
    </message>
    <message>
        <source>Start Switchyard when I &amp;log in</source>
        <translation>登录时启动 Switchyard(&amp;L)</translation>
    </message>
    <message>
        <source>Lan&amp;guage:</source>
        <translation>语言(&amp;G)：</translation>
    </message>
    <message>
        <source>System default</source>
        <translation>跟随系统</translation>
    </message>
    <message>
        <source>Usage log and privacy</source>
        <translation>用量日志与隐私</translation>
    </message>
    <message>
        <source>Keep the &amp;usage log for:</source>
        <translation>用量日志保留(&amp;U)：</translation>
    </message>
    <message>
        <source> days</source>
        <translation> 天</translation>
    </message>
    <message>
        <source>Keep captured &amp;bodies for:</source>
        <translation>捕获的正文保留(&amp;B)：</translation>
    </message>
    <message>
        <source>&amp;Capture request and response bodies (for debugging)</source>
        <translation>捕获请求和响应正文（用于调试）(&amp;C)</translation>
    </message>
    <message>
        <source>Captured bodies hold everything sent to the models and their answers: prompts, source code, file contents. They stay in the local database on this computer and are deleted after the period above. Leave this off unless you are tracking down a problem.</source>
        <translation>捕获的正文包含发给模型的全部内容及其回答：提示词、源代码、文件内容。它们只保存在本机的本地数据库中，并在上述期限后删除。除非正在排查问题，否则请保持关闭。</translation>
    </message>
    <message>
        <source>Configuration file</source>
        <translation>配置文件</translation>
    </message>
    <message>
        <source>&amp;Export…</source>
        <translation>导出(&amp;E)…</translation>
    </message>
    <message>
        <source>Include upstream API &amp;keys</source>
        <translation>包含上游 API 密钥(&amp;K)</translation>
    </message>
    <message>
        <source>The file will contain your upstream API keys in plain text. Keep it somewhere safe and delete it when you no longer need it.</source>
        <translation>该文件将以明文包含你的上游 API 密钥。请妥善保管，不再需要时将其删除。</translation>
    </message>
    <message>
        <source>&amp;Import…</source>
        <translation>导入(&amp;I)…</translation>
    </message>
    <message>
        <source>Backups, taken before every import (newest first):</source>
        <translation>每次导入前自动创建的备份（最新的在前）：</translation>
    </message>
    <message>
        <source>&amp;Restore…</source>
        <translation>恢复(&amp;R)…</translation>
    </message>
    <message>
        <source>Upstream API keys</source>
        <translation>上游 API 密钥</translation>
    </message>
    <message>
        <source>Store keys in a plain file instead…</source>
        <translation>改为将密钥存入明文文件…</translation>
    </message>
    <message>
        <source>Management API</source>
        <translation>管理 API</translation>
    </message>
    <message>
        <source>Scripts call %1/admin/… with this token as the bearer token (Authorization: Bearer …). Regenerating it locks out every script that uses the old one.</source>
        <translation>脚本以此令牌作为 Bearer 令牌调用 %1/admin/…（Authorization: Bearer …）。重新生成后，所有使用旧令牌的脚本都将无法访问。</translation>
    </message>
    <message>
        <source>Hide</source>
        <translation>隐藏</translation>
    </message>
    <message>
        <source>Show</source>
        <translation>显示</translation>
    </message>
    <message>
        <source>Copy</source>
        <translation>复制</translation>
    </message>
    <message>
        <source>Regenerate…</source>
        <translation>重新生成…</translation>
    </message>
    <message>
        <source>Advanced</source>
        <translation>高级</translation>
    </message>
    <message>
        <source>Attempts per request:</source>
        <translation>每个请求的尝试次数：</translation>
    </message>
    <message>
        <source>How many upstreams a request may try, retries included, before the error goes back to the client.</source>
        <translation>在把错误返回给客户端之前，一个请求最多可尝试多少次上游（含重试）。</translation>
    </message>
    <message>
        <source>Deadline per request:</source>
        <translation>每个请求的时限：</translation>
    </message>
    <message>
        <source>None</source>
        <translation>无</translation>
    </message>
    <message>
        <source>An overall limit for one request, failovers included. None: only the idle timeouts apply.</source>
        <translation>单个请求的总时限，包括故障转移。无：仅适用空闲超时。</translation>
    </message>
    <message>
        <source>Health probe interval:</source>
        <translation>健康探测间隔：</translation>
    </message>
    <message>
        <source>Off</source>
        <translation>关闭</translation>
    </message>
    <message>
        <source>No outbound proxy for:</source>
        <translation>不经出站代理的主机：</translation>
    </message>
    <message>
        <source>Hosts, comma-separated, e.g. localhost, .internal.example</source>
        <translation>主机，以逗号分隔，例如 localhost, .internal.example</translation>
    </message>
    <message>
        <source>Send the route taken in the x-switchyard-route response header</source>
        <translation>在 x-switchyard-route 响应头中返回所走的路由</translation>
    </message>
    <message>
        <source>Prefer cheaper models once 80% of a daily budget is used</source>
        <translation>每日预算用到 80% 后优先使用更便宜的模型</translation>
    </message>
    <message>
        <source>Listening on %1</source>
        <translation>正在监听 %1</translation>
    </message>
    <message>
        <source>The proxy is stopped. It will listen on %1 when started.</source>
        <translation>代理已停止。启动后将监听 %1。</translation>
    </message>
    <message>
        <source>“%1” is not an IP address (for example 127.0.0.1 or ::1).</source>
        <translation>“%1”不是 IP 地址（例如 127.0.0.1 或 ::1）。</translation>
    </message>
    <message>
        <source>The proxy could not start: %1</source>
        <translation>代理无法启动：%1</translation>
    </message>
    <message>
        <source>Could not change the login item: %1</source>
        <translation>无法修改登录启动项：%1</translation>
    </message>
    <message>
        <source>Export configuration</source>
        <translation>导出配置</translation>
    </message>
    <message>
        <source>Switchyard configuration (*.json)</source>
        <translation>Switchyard 配置 (*.json)</translation>
    </message>
    <message>
        <source>Import configuration</source>
        <translation>导入配置</translation>
    </message>
    <message>
        <source>Switchyard configuration (*.json);;All files (*)</source>
        <translation>Switchyard 配置 (*.json);;所有文件 (*)</translation>
    </message>
    <message>
        <source>Imported %1. The previous configuration is in the backups below.</source>
        <translation>已导入 %1。之前的配置保存在下方的备份中。</translation>
    </message>
    <message>
        <source>Export failed: %1</source>
        <translation>导出失败：%1</translation>
    </message>
    <message>
        <source>Switchyard is not running.</source>
        <translation>Switchyard 未在运行。</translation>
    </message>
    <message>
        <source>Exported to %1, with the API keys in plain text.</source>
        <translation>已导出到 %1，其中包含明文 API 密钥。</translation>
    </message>
    <message>
        <source>Exported to %1.</source>
        <translation>已导出到 %1。</translation>
    </message>
    <message>
        <source>Nothing was imported: %1</source>
        <translation>未导入任何内容：%1</translation>
    </message>
    <message>
        <source>No backups yet.</source>
        <translation>暂无备份。</translation>
    </message>
    <message>
        <source>Restore backup</source>
        <translation>恢复备份</translation>
    </message>
    <message>
        <source>Import the configuration saved on %1? The current configuration is backed up first, so this can be undone the same way.</source>
        <translation>导入保存于 %1 的配置？当前配置会先备份，因此可以用同样的方式撤销。</translation>
    </message>
    <message>
        <source>Restore</source>
        <translation>恢复</translation>
    </message>
    <message>
        <source>Restored the backup of %1.</source>
        <translation>已恢复 %1 的备份。</translation>
    </message>
    <message>
        <source>Needs a key store (see above)</source>
        <translation>需要密钥存储（见上文）</translation>
    </message>
    <message>
        <source>Regenerate the admin token</source>
        <translation>重新生成管理令牌</translation>
    </message>
    <message>
        <source>Scripts that use the current token stop working at once. Continue?</source>
        <translation>使用当前令牌的脚本将立即失效。是否继续？</translation>
    </message>
    <message>
        <source>Regenerate</source>
        <translation>重新生成</translation>
    </message>
    <message>
        <source>Could not regenerate the token: %1</source>
        <translation>无法重新生成令牌：%1</translation>
    </message>
    <message>
        <source>New token created; the old one no longer works.</source>
        <translation>已生成新令牌，旧令牌已失效。</translation>
    </message>
    <message>
        <source>No key store is available, so channels that need an API key cannot be used. %1</source>
        <translation>没有可用的密钥存储，需要 API 密钥的渠道无法使用。%1</translation>
    </message>
    <message>
        <source>Upstream API keys are stored UNENCRYPTED in %1, readable only by your user account, because no system keychain answered. Anyone who can read your files can read the keys.</source>
        <translation>由于系统钥匙串无响应，上游 API 密钥以【未加密】形式保存在 %1 中，仅你的用户账户可读。任何能读取你文件的人都能读取这些密钥。</translation>
    </message>
    <message>
        <source>Upstream API keys are stored in the system keychain.</source>
        <translation>上游 API 密钥保存在系统钥匙串中。</translation>
    </message>
    <message>
        <source>Store keys without encryption?</source>
        <translation>以不加密方式存储密钥？</translation>
    </message>
    <message>
        <source>No system keychain answered, so Switchyard cannot store upstream API keys securely. It can keep them in a plain file in its data folder instead, readable only by your user account. Anyone who can read your files can then read the keys.</source>
        <translation>系统钥匙串无响应，Switchyard 无法安全地存储上游 API 密钥。它可以改为将密钥保存在数据文件夹中的明文文件里，仅你的用户账户可读。但任何能读取你文件的人都能读取这些密钥。</translation>
    </message>
    <message>
        <source>Store keys unencrypted</source>
        <translation>不加密存储密钥</translation>
    </message>
    <message>
        <source>Could not switch the key store: %1</source>
        <translation>无法切换密钥存储：%1</translation>
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
    <name>Switchyard::SlotMapEditor</name>
    <message>
        <source>Low</source>
        <translation>低</translation>
    </message>
    <message>
        <source>Medium</source>
        <translation>中</translation>
    </message>
    <message>
        <source>High</source>
        <translation>高</translation>
    </message>
    <message>
        <source>Max</source>
        <translation>最高</translation>
    </message>
    <message>
        <source>Target</source>
        <translation>目标</translation>
    </message>
    <message>
        <source>Upstream model</source>
        <translation>上游模型</translation>
    </message>
    <message>
        <source>Reasoning effort</source>
        <translation>推理强度</translation>
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
        <translation>未映射</translation>
    </message>
    <message>
        <source>Keep the target's model</source>
        <translation>沿用目标的模型</translation>
    </message>
    <message>
        <source>As requested</source>
        <translation>按请求</translation>
    </message>
    <message>
        <source>A group, a channel, or "&lt;channel&gt;,&lt;model&gt;". Requests for this model family go there.</source>
        <translation>分组、渠道或 "&lt;渠道&gt;,&lt;模型&gt;"。此系列模型的请求将发往这里。</translation>
    </message>
    <message>
        <source>Optional: the model to ask the channel for instead.</source>
        <translation>可选：改为向渠道请求的模型。</translation>
    </message>
    <message>
        <source>Optional: force this reasoning effort on these requests.</source>
        <translation>可选：对这些请求强制使用此推理强度。</translation>
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
    <name>Switchyard::TimePolicyEditor</name>
    <message>
        <source>Add time policy</source>
        <translation>添加时间策略</translation>
    </message>
    <message>
        <source>Remove</source>
        <translation>移除</translation>
    </message>
    <message>
        <source>Name:</source>
        <translation>名称：</translation>
    </message>
    <message>
        <source>Days:</source>
        <translation>星期：</translation>
    </message>
    <message>
        <source>Time:</source>
        <translation>时间：</translation>
    </message>
    <message>
        <source>Same start and end: all day. An end before the start runs past midnight.</source>
        <translation>开始与结束相同表示全天；结束早于开始表示跨过午夜。</translation>
    </message>
    <message>
        <source>Strategy:</source>
        <translation>策略：</translation>
    </message>
    <message>
        <source>Only members:</source>
        <translation>仅限成员：</translation>
    </message>
    <message>
        <source>None checked: all members.</source>
        <translation>都不勾选表示全部成员。</translation>
    </message>
    <message>
        <source>Unreadable entries are left out and will be dropped on save: %1</source>
        <translation>无法读取的条目已略过，保存时将被删除：%1</translation>
    </message>
    <message>
        <source>(the group's strategy)</source>
        <translation>（沿用分组策略）</translation>
    </message>
</context>
<context>
    <name>Switchyard::TimePolicyModel</name>
    <message>
        <source>Mon</source>
        <translation>周一</translation>
    </message>
    <message>
        <source>Tue</source>
        <translation>周二</translation>
    </message>
    <message>
        <source>Wed</source>
        <translation>周三</translation>
    </message>
    <message>
        <source>Thu</source>
        <translation>周四</translation>
    </message>
    <message>
        <source>Fri</source>
        <translation>周五</translation>
    </message>
    <message>
        <source>Sat</source>
        <translation>周六</translation>
    </message>
    <message>
        <source>Sun</source>
        <translation>周日</translation>
    </message>
    <message>
        <source>Every day</source>
        <translation>每天</translation>
    </message>
    <message>
        <source>Weekdays</source>
        <translation>工作日</translation>
    </message>
    <message>
        <source>Weekend</source>
        <translation>周末</translation>
    </message>
    <message>
        <source>Never</source>
        <translation>从不</translation>
    </message>
    <message>
        <source>All day</source>
        <translation>全天</translation>
    </message>
    <message>
        <source>%1 (next day)</source>
        <translation>%1（次日）</translation>
    </message>
    <message>
        <source>(group's)</source>
        <translation>（沿用分组）</translation>
    </message>
    <message>
        <source>(all)</source>
        <translation>（全部）</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>名称</translation>
    </message>
    <message>
        <source>Days</source>
        <translation>星期</translation>
    </message>
    <message>
        <source>Time</source>
        <translation>时间</translation>
    </message>
    <message>
        <source>Strategy</source>
        <translation>策略</translation>
    </message>
    <message>
        <source>Members</source>
        <translation>成员</translation>
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
    <message>
        <source>Copy Claude Code shell lines</source>
        <translation>复制 Claude Code 终端命令</translation>
    </message>
    <message>
        <source>Default target</source>
        <translation>默认目标</translation>
    </message>
    <message>
        <source>Opus slot</source>
        <translation>Opus 槽位</translation>
    </message>
    <message>
        <source>Sonnet slot</source>
        <translation>Sonnet 槽位</translation>
    </message>
    <message>
        <source>Haiku slot</source>
        <translation>Haiku 槽位</translation>
    </message>
    <message>
        <source>Language</source>
        <translation>语言</translation>
    </message>
    <message>
        <source>Switchyard: listening on %1, some channels are failing</source>
        <translation>Switchyard：正在监听 %1，部分渠道出现故障</translation>
    </message>
    <message>
        <source>Not mapped</source>
        <translation>未映射</translation>
    </message>
    <message>
        <source>%1 (unavailable)</source>
        <translation>%1（不可用）</translation>
    </message>
    <message>
        <source>No channels yet</source>
        <translation>尚无渠道</translation>
    </message>
    <message>
        <source>Claude Code is not connected</source>
        <translation>Claude Code 未连接</translation>
    </message>
</context>
<context>
    <name>Switchyard::UsageLeaderboardModel</name>
    <message>
        <source>No key (local)</source>
        <translation>无密钥（本机）</translation>
    </message>
    <message>
        <source>Deleted key #%1</source>
        <translation>已删除的密钥 #%1</translation>
    </message>
    <message>
        <source>(none)</source>
        <translation>（无）</translation>
    </message>
    <message>
        <source>Model</source>
        <translation>模型</translation>
    </message>
    <message>
        <source>Channel</source>
        <translation>渠道</translation>
    </message>
    <message>
        <source>Client key</source>
        <translation>客户端密钥</translation>
    </message>
    <message>
        <source>Requests</source>
        <translation>请求数</translation>
    </message>
    <message>
        <source>Tokens</source>
        <translation>Token</translation>
    </message>
    <message>
        <source>Cost</source>
        <translation>费用</translation>
    </message>
    <message>
        <source>Errors</source>
        <translation>错误</translation>
    </message>
</context>
<context>
    <name>Switchyard::UsagePage</name>
    <message>
        <source>Other</source>
        <translation>其他</translation>
    </message>
    <message>
        <source>(none)</source>
        <translation>（无）</translation>
    </message>
    <message>
        <source>Tokens (millions)</source>
        <translation>Token（百万）</translation>
    </message>
    <message>
        <source>Tokens (thousands)</source>
        <translation>Token（千）</translation>
    </message>
    <message>
        <source>Tokens</source>
        <translation>Token</translation>
    </message>
    <message>
        <source>Cost (USD)</source>
        <translation>费用（美元）</translation>
    </message>
    <message>
        <source>Pick a session to see its requests.</source>
        <translation>选择一个会话以查看其请求。</translation>
    </message>
    <message>
        <source>Session %1: %2 requests, %3 failovers</source>
        <translation>会话 %1：%2 个请求，%3 次故障转移</translation>
    </message>
    <message>
        <source>%1 requests · %2 tokens (%3 in, %4 out, %5 cache) · %6 · %7 errors</source>
        <translation>%1 个请求 · %2 个 token（输入 %3，输出 %4，缓存 %5）· %6 · %7 个错误</translation>
    </message>
    <message>
        <source>Export usage as CSV</source>
        <translation>将用量导出为 CSV</translation>
    </message>
    <message>
        <source>CSV files (*.csv)</source>
        <translation>CSV 文件 (*.csv)</translation>
    </message>
    <message>
        <source>The file could not be written: %1</source>
        <translation>无法写入文件：%1</translation>
    </message>
    <message>
        <source>Range:</source>
        <translation>范围：</translation>
    </message>
    <message>
        <source>Today</source>
        <translation>今天</translation>
    </message>
    <message>
        <source>Last 7 days</source>
        <translation>最近 7 天</translation>
    </message>
    <message>
        <source>Last 30 days</source>
        <translation>最近 30 天</translation>
    </message>
    <message>
        <source>Custom</source>
        <translation>自定义</translation>
    </message>
    <message>
        <source>First day</source>
        <translation>起始日期</translation>
    </message>
    <message>
        <source>Last day</source>
        <translation>结束日期</translation>
    </message>
    <message>
        <source>Stack by:</source>
        <translation>堆叠方式：</translation>
    </message>
    <message>
        <source>Model</source>
        <translation>模型</translation>
    </message>
    <message>
        <source>Channel</source>
        <translation>渠道</translation>
    </message>
    <message>
        <source>Export CSV…</source>
        <translation>导出 CSV…</translation>
    </message>
    <message>
        <source>Over time</source>
        <translation>趋势</translation>
    </message>
    <message>
        <source>Sessions</source>
        <translation>会话</translation>
    </message>
    <message>
        <source>Leaderboards</source>
        <translation>排行榜</translation>
    </message>
    <message>
        <source>By model</source>
        <translation>按模型</translation>
    </message>
    <message>
        <source>By channel</source>
        <translation>按渠道</translation>
    </message>
    <message>
        <source>By client key</source>
        <translation>按客户端密钥</translation>
    </message>
</context>
<context>
    <name>Switchyard::UsageSessionModel</name>
    <message>
        <source>Session</source>
        <translation>会话</translation>
    </message>
    <message>
        <source>First request</source>
        <translation>首次请求</translation>
    </message>
    <message>
        <source>Last request</source>
        <translation>最近请求</translation>
    </message>
    <message>
        <source>Requests</source>
        <translation>请求数</translation>
    </message>
    <message>
        <source>Tokens</source>
        <translation>Token</translation>
    </message>
    <message>
        <source>Cost</source>
        <translation>费用</translation>
    </message>
</context>
</TS>