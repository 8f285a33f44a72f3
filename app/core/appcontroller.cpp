#include "appcontroller.h"

#include "adminapi.h"
#include "adminauth.h"
#include "applogging.h"
#include "configservice.h"
#include "logsink.h"
#include "proxyhost.h"
#include "proxyserver.h"
#include "retention.h"
#include "secretstore.h"
#include "signalwatcher.h"
#include "singleinstance.h"
#include "storage.h"

#include <QCoreApplication>
#include <QDir>
#include <QFileInfo>
#include <QSqlQuery>
#include <QTemporaryFile>

namespace Switchyard {

namespace {

// Stored settings read at startup (the UI writes them).
const QString SettingBind = QStringLiteral("proxy/bind");
const QString SettingPort = QStringLiteral("proxy/port");
const QString SettingLogLevel = QStringLiteral("logLevel");
const QString SettingInsecureSecrets = QStringLiteral("secrets/insecureFile");
const QString SettingMaxBodyBytes = QStringLiteral("proxy/maxBodyBytes");

QString nativeDir(const QString &dir)
{
    return QDir::toNativeSeparators(dir);
}

} // namespace

AppController::AppController(const AppOptions &options, QObject *parent)
    : QObject(parent)
    , m_options(options)
    , m_dataDir(options.dataDir)
{
}

AppController::~AppController()
{
    shutdown();
    m_signals.reset();
}

AppController::StartResult AppController::fail(ExitCode code, const QString &message)
{
    // Not logged here: the caller shows it to the user (main writes it to stderr and the log file).
    return {code, false, message};
}

void AppController::userMessage(QtMsgType type, const QString &message) const
{
    if (LogSink *sink = LogSink::current())
        sink->userMessage(type, message);
    else
        qCWarning(lcApp).noquote() << message;
}

bool AppController::prepareDataDir(QString *error)
{
    const QString dir = m_options.dataDir;
    const bool existed = QFileInfo(dir).isDir();
    if (!existed && !QDir().mkpath(dir)) {
        *error = tr("Cannot create the data directory %1").arg(nativeDir(dir));
        return false;
    }
    if (!existed) {
        // Usage history and logs are private to the user.
        QFile::setPermissions(dir, QFileDevice::ReadOwner | QFileDevice::WriteOwner | QFileDevice::ExeOwner);
    }
    // Directory permissions alone do not answer this (ACLs, read-only mounts, root): try it.
    QTemporaryFile probe(QDir(dir).filePath(QStringLiteral(".write-test-XXXXXX")));
    if (!probe.open()) {
        *error = tr("The data directory %1 is not writable: %2").arg(nativeDir(dir), probe.errorString());
        return false;
    }
    const QString canonical = QFileInfo(dir).canonicalFilePath();
    m_dataDir = canonical.isEmpty() ? dir : canonical;
    return true;
}

bool AppController::openStorage(QString *error)
{
    m_storage = std::make_unique<Storage>();
    QString storageError;
    if (!m_storage->open(m_dataDir, &storageError)) {
        *error = tr("Cannot open the database in %1: %2").arg(nativeDir(m_dataDir), storageError);
        m_storage.reset();
        return false;
    }
    return true;
}

void AppController::selectSecrets()
{
    const bool allowFile =
        m_options.insecureSecretsFile || m_storage->setting(SettingInsecureSecrets, false).toBool();
    SecretStoreSelection selection = selectSecretStore(m_dataDir, allowFile);
    m_secretStore = std::move(selection.store);
    m_secretsProblem = selection.problem;
    if (!m_secretStore && m_secretsProblem.isEmpty())
        m_secretsProblem = tr("No secret store is available.");
    // The insecure file store announces itself loudly when it opens; nothing to add here.
    if (!m_secretStore && m_options.headless) {
        userMessage(QtWarningMsg,
                    tr("Running without a secret store: channels that need an API key cannot be used. "
                       "%1")
                        .arg(m_secretsProblem));
    }
}

bool AppController::enableInsecureSecretsFile(QString *error)
{
    if (!m_storage) {
        if (error)
            *error = tr("Switchyard is not running.");
        return false;
    }
    if (!m_storage->setSetting(SettingInsecureSecrets, true, error))
        return false;
    selectSecrets();
    if (!m_secretStore) {
        if (error)
            *error = m_secretsProblem;
        return false;
    }
    // The service keeps a pointer to the store, so it follows the switch.
    m_configService = std::make_unique<ConfigService>(m_storage.get(), m_secretStore.get(), m_dataDir);
    publishConfig();
    Q_EMIT secretsChanged();
    return true;
}

void AppController::applyLogLevel()
{
    LogSink *sink = LogSink::current();
    if (!sink)
        return;
    if (m_options.logLevel) {
        sink->setMinimumLevel(*m_options.logLevel);
        return;
    }
    if (!m_storage)
        return;
    const QString stored = m_storage->setting(SettingLogLevel).toString();
    if (stored.isEmpty())
        sink->setMinimumLevel(QtInfoMsg);
    else if (const auto level = logLevelFromString(stored))
        sink->setMinimumLevel(*level);
    else
        qCWarning(lcApp) << "Ignoring the stored setting" << SettingLogLevel << "=" << stored;
}

AppController::StartResult AppController::start()
{
    if (m_storage)
        return {ExitCode::Ok, true, {}};
    StartResult result = startUp();
    // Whatever did start is taken down again, so a failed start leaves nothing half-open.
    if (!result.running)
        shutdown();
    return result;
}

AppController::StartResult AppController::startUp()
{
    QString error;
    if (!prepareDataDir(&error))
        return fail(ExitCode::DataDirNotWritable, error);

    m_instance = std::make_unique<SingleInstance>(m_dataDir);
    switch (m_instance->acquire(&error)) {
    case SingleInstance::Role::Primary:
        break;
    case SingleInstance::Role::Failed:
        return fail(ExitCode::DataDirNotWritable,
                    tr("The data directory %1 is not usable: %2").arg(nativeDir(m_dataDir), error));
    case SingleInstance::Role::Secondary: {
        const QString pid =
            m_instance->ownerPid() > 0 ? QString::number(m_instance->ownerPid()) : tr("unknown");
        if (m_options.headless) {
            return fail(
                ExitCode::AlreadyRunning,
                tr("Switchyard is already running for data dir %1 (pid %2)").arg(nativeDir(m_dataDir), pid));
        }
        QString sendError;
        if (m_instance->sendToPrimary(SingleInstance::activateMessage(), 3000, &sendError)) {
            return {ExitCode::Ok, false,
                    tr("Switchyard is already running for data dir %1 (pid %2); showed its window.")
                        .arg(nativeDir(m_dataDir), pid)};
        }
        return fail(ExitCode::AlreadyRunning,
                    tr("Switchyard is already running for data dir %1 (pid %2) but did not answer: %3")
                        .arg(nativeDir(m_dataDir), pid, sendError));
    }
    }
    connect(m_instance.get(), &SingleInstance::messageReceived, this, [this](const QByteArray &message) {
        if (message == SingleInstance::activateMessage())
            Q_EMIT activateRequested();
    });

    // Only the owner of the data directory writes its log file.
    if (LogSink *sink = LogSink::current()) {
        QString logError;
        if (!sink->openFile(QDir(m_dataDir).filePath(QStringLiteral("logs")), &logError))
            qCWarning(lcApp).noquote() << "Logging to stderr only:" << logError;
    }
    qCInfo(lcApp).noquote() << "Switchyard" << QCoreApplication::applicationVersion() << "starting; data dir"
                            << nativeDir(m_dataDir) << (m_options.headless ? "(headless)" : "(desktop)");

    if (!openStorage(&error))
        return fail(ExitCode::StorageError, error);
    applyLogLevel();
    selectSecrets();
    m_configService = std::make_unique<ConfigService>(m_storage.get(), m_secretStore.get(), m_dataDir);

    if (!m_options.configFile.isEmpty()) {
        if (!m_configService->importFile(m_options.configFile, &error)) {
            return fail(ExitCode::InvalidConfig,
                        tr("Invalid config file %1: %2").arg(nativeDir(m_options.configFile), error));
        }
        qCInfo(lcApp).noquote() << "Imported" << nativeDir(m_options.configFile);
        // The import may have changed the log level or the proxy settings.
        applyLogLevel();
    }

    m_proxyHost = std::make_unique<ProxyHost>();
    // Records travel straight from the proxy thread to the storage writer thread.
    connect(m_proxyHost.get(), &ProxyHost::usageRecorded, m_storage.get(), &Storage::recordUsage,
            Qt::DirectConnection);
    connect(m_proxyHost.get(), &ProxyHost::stopped, this, &AppController::proxyStateChanged);
    // Events arrive from the proxy thread; handled (and re-emitted for the UI) in this one.
    connect(m_proxyHost.get(), &ProxyHost::proxyEvent, this, &AppController::handleProxyEvent,
            Qt::QueuedConnection);
    publishConfig();
    if (!startProxy(&error))
        return fail(ExitCode::BindFailed, error);

    // Config edits (UI, imports) reach the proxy as a new snapshot, without a restart.
    connect(m_storage.get(), &Storage::configChanged, this, &AppController::schedulePublish);
    connect(m_storage.get(), &Storage::settingChanged, this, [this](const QString &key) {
        if (key == SettingLogLevel)
            applyLogLevel();
    });

    // Old usage rows and captured bodies go at start and every few hours (settings retention/*).
    m_retention = std::make_unique<Retention>(m_storage.get());
    m_retention->start();

    m_signals = std::make_unique<SignalWatcher>();
    if (!m_signals->watch(&error))
        qCWarning(lcApp).noquote() << "SIGINT/SIGTERM will not shut down cleanly:" << error;
    connect(m_signals.get(), &SignalWatcher::terminationRequested, this, &AppController::requestQuit);
    return {ExitCode::Ok, true, {}};
}

AppController::StartResult AppController::exportConfig()
{
    QString error;
    if (!prepareDataDir(&error))
        return fail(ExitCode::DataDirNotWritable, error);
    if (!openStorage(&error))
        return fail(ExitCode::StorageError, error);
    // Keys are only needed when they are exported; without them the keychain is never asked.
    if (m_options.includeSecrets)
        selectSecrets();
    m_configService = std::make_unique<ConfigService>(m_storage.get(), m_secretStore.get(), m_dataDir);
    const bool ok = m_configService->exportFile(m_options.exportConfigFile, m_options.includeSecrets, &error);
    StartResult result;
    if (ok) {
        qCInfo(lcApp).noquote() << "Exported the configuration to" << nativeDir(m_options.exportConfigFile);
    } else {
        result = fail(ExitCode::Failure,
                      tr("Cannot export the configuration to %1: %2")
                          .arg(nativeDir(m_options.exportConfigFile), error));
    }
    shutdown();
    return result;
}

void AppController::shutdown()
{
    // The signal watcher stays until the destructor: a duplicate SIGTERM arriving during or right
    // after the shutdown must not meet the default handler and kill the process.
    if (m_proxyHost) {
        m_proxyHost->stop(StopGraceMs);
        m_proxyHost.reset();
    }
    m_configService.reset();
    m_retention.reset();
    if (m_storage) {
        m_storage->flushUsage();
        m_storage->close();
        m_storage.reset();
    }
    m_secretStore.reset();
    if (m_instance) {
        m_instance->release();
        m_instance.reset();
    }
}

bool AppController::isProxyRunning() const
{
    return m_proxyHost && m_proxyHost->isRunning();
}

ProxyEndpoint AppController::proxyEndpoint() const
{
    QVariant storedBind;
    QVariant storedPort;
    if (m_storage) {
        storedBind = m_storage->setting(SettingBind);
        storedPort = m_storage->setting(SettingPort);
    }
    return resolveProxyEndpoint(m_options, storedBind, storedPort);
}

QString AppController::baseUrl() const
{
    if (isProxyRunning())
        return m_proxyHost->baseUrl();
    const ProxyEndpoint endpoint = proxyEndpoint();
    return clientBaseUrl(endpoint.address, endpoint.port);
}

QString AppController::listeningLine() const
{
    // The address actually bound (a wildcard stays a wildcard here), with the real port when the
    // configured one was 0.
    ProxyEndpoint endpoint = proxyEndpoint();
    if (isProxyRunning())
        endpoint.port = m_proxyHost->port();
    return QStringLiteral("Switchyard listening on http://%1:%2")
        .arg(urlHost(endpoint.address))
        .arg(endpoint.port);
}

bool AppController::startProxy(QString *error)
{
    if (!m_proxyHost)
        return false;
    if (m_proxyHost->isRunning())
        return true;

    QStringList warnings;
    QVariant storedBind;
    QVariant storedPort;
    if (m_storage) {
        storedBind = m_storage->setting(SettingBind);
        storedPort = m_storage->setting(SettingPort);
    }
    const ProxyEndpoint endpoint = resolveProxyEndpoint(m_options, storedBind, storedPort, &warnings);
    for (const QString &warning : std::as_const(warnings))
        qCWarning(lcApp).noquote() << warning;

    ProxyServer::Options serverOptions;
    serverOptions.address = endpoint.address;
    serverOptions.port = endpoint.port;
    // Larger request bodies get 413 in the caller's error shape. 0 or nonsense keeps the default.
    const qint64 maxBody = m_storage ? m_storage->setting(SettingMaxBodyBytes).toLongLong() : 0;
    if (maxBody > 0)
        serverOptions.maxBodyBytes = maxBody;
    QString startError;
    if (!m_proxyHost->start(serverOptions, &startError)) {
        // The server's own message already names the address and port.
        const QString message = startError.isEmpty()
            ? tr("Cannot listen on %1:%2").arg(urlHost(endpoint.address)).arg(endpoint.port)
            : startError;
        qCWarning(lcApp).noquote() << message;
        if (error)
            *error = message;
        Q_EMIT proxyStateChanged();
        return false;
    }
    if (!m_adminApi)
        m_adminApi = std::make_unique<AdminApi>(this);
    m_adminApi->attach(m_proxyHost->server());
    seedBudgets();
    Q_EMIT proxyStateChanged();
    return true;
}

void AppController::seedBudgets()
{
    // Daily budgets count from local midnight; the proxy keeps spend in memory, so a restart starts
    // from what the usage table says was spent today.
    if (!m_storage || !m_proxyHost)
        return;
    const qint64 midnight = QDateTime(QDate::currentDate(), QTime(0, 0)).toMSecsSinceEpoch();
    QHash<QString, QPair<double, qint64>> spend;
    const auto sum = [&spend, midnight](QSqlDatabase &db, const QString &column, const QString &prefix) {
        QSqlQuery query(db);
        query.prepare(QStringLiteral("SELECT %1, SUM(cost_usd), COUNT(*) FROM usage WHERE timestamp_ms >= ? "
                                     "GROUP BY %1")
                          .arg(column));
        query.addBindValue(midnight);
        if (!query.exec())
            return false;
        while (query.next()) {
            const QString id = query.value(0).toString();
            if (!id.isEmpty() && id != u"0")
                spend.insert(prefix + id, {query.value(1).toDouble(), query.value(2).toLongLong()});
        }
        return true;
    };
    QString error;
    const bool ok = m_storage->read(
        [&sum](QSqlDatabase &db, QString *) {
            // A group's requests carry its name as the requested model.
            return sum(db, QStringLiteral("client_key_id"), QStringLiteral("key:"))
                && sum(db, QStringLiteral("channel_name"), QStringLiteral("channel:"))
                && sum(db, QStringLiteral("requested_model"), QStringLiteral("group:"));
        },
        &error);
    if (!ok) {
        qCWarning(lcApp).noquote() << "Budgets start from zero today:" << error;
        return;
    }
    m_proxyHost->seedBudgets(spend);
}

void AppController::stopProxy()
{
    if (!isProxyRunning())
        return;
    // ProxyHost::stopped signals the state change.
    m_proxyHost->stop(StopGraceMs);
}

void AppController::publishConfig()
{
    m_publishPending = false;
    if (!m_configService)
        return;
    // Keys that cannot be resolved are logged by the service (by reference, never by value).
    ConfigSnapshotPtr snapshot = m_configService->buildSnapshot();
    if (!snapshot)
        return;
    m_snapshot = std::move(snapshot);
    m_generation = m_snapshot->generation;
    if (m_proxyHost)
        m_proxyHost->publishSnapshot(m_snapshot);
    qCDebug(lcApp) << "Published config generation" << m_generation;
    Q_EMIT configPublished(m_generation);
}

void AppController::schedulePublish()
{
    // Queued and coalesced: a save emits configChanged from inside the caller's write, and building a
    // snapshot reads the keychain (a nested event loop); neither should run re-entrantly there.
    if (m_publishPending)
        return;
    m_publishPending = true;
    QMetaObject::invokeMethod(this, &AppController::publishConfig, Qt::QueuedConnection);
}

ProxyStatus AppController::proxyStatus() const
{
    return m_proxyHost ? m_proxyHost->status() : ProxyStatus {};
}

void AppController::forceBreaker(qint64 channelId, const QString &model, BreakerForce force)
{
    if (m_proxyHost)
        m_proxyHost->forceBreaker(UpstreamKey {channelId, model}, force);
}

QString AppController::adminToken() const
{
    if (!m_secretStore)
        return {};
    QString error;
    if (const std::optional<QByteArray> stored = m_secretStore->read(AdminAuth::TokenRef, &error))
        return QString::fromLatin1(*stored);
    // A read that failed (rather than found nothing) must not replace a token scripts still use.
    if (!error.isEmpty()) {
        qCWarning(lcApp).noquote() << "Cannot read the admin token from the secret store:" << error;
        return {};
    }
    const QString token = AdminAuth::generateToken();
    if (!m_secretStore->write(AdminAuth::TokenRef, token.toLatin1(), &error)) {
        qCWarning(lcApp).noquote() << "Cannot store the admin token:" << error;
        return {};
    }
    qCInfo(lcApp) << "Generated the admin API token";
    return token;
}

QString AppController::regenerateAdminToken(QString *error)
{
    if (!m_secretStore) {
        if (error)
            *error = m_secretsProblem.isEmpty() ? tr("No secret store is available.") : m_secretsProblem;
        return {};
    }
    const QString token = AdminAuth::generateToken();
    if (!m_secretStore->write(AdminAuth::TokenRef, token.toLatin1(), error))
        return {};
    if (m_adminApi)
        m_adminApi->forgetToken();
    qCInfo(lcApp) << "Regenerated the admin API token";
    return token;
}

void AppController::handleProxyEvent(const ProxyEvent &event)
{
    if (event.kind == ProxyEvent::Kind::KeyDisabled && m_storage)
        persistKeyDisable(event);
    Q_EMIT proxyEvent(event);
}

void AppController::persistKeyDisable(const ProxyEvent &event)
{
    // The proxy already stopped using the key; storing the flag keeps it out after a restart and
    // shows the reason on the channel page. The next snapshot carries it (configChanged).
    ConfigData config;
    QString error;
    if (!m_storage->loadConfig(&config, &error)) {
        qCWarning(lcApp).noquote() << "Cannot record the disabled key:" << error;
        return;
    }
    for (const Channel &stored : std::as_const(config.channels)) {
        if (stored.id != event.channelId)
            continue;
        Channel channel = stored;
        for (ChannelKey &key : channel.keys) {
            if (key.id == event.keyDbId && !key.disabled) {
                key.disabled = true;
                key.disabledReason = event.reason;
                if (!m_storage->saveChannel(&channel, &error))
                    qCWarning(lcApp).noquote() << "Cannot record the disabled key:" << error;
                else
                    qCWarning(lcApp).noquote()
                        << "Disabled key" << key.hint << "of channel" << channel.name << "-" << event.reason;
                return;
            }
        }
    }
}

void AppController::requestQuit()
{
    if (m_quitting)
        return;
    m_quitting = true;
    qCInfo(lcApp) << "Shutting down";
    shutdown();
    QCoreApplication::exit(exitCodeValue(ExitCode::Ok));
}

} // namespace Switchyard
