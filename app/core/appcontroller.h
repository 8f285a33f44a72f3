#pragma once

// The application object behind both the tray app and the headless service: it owns the data
// directory, the database, the secret store, the config service and the proxy thread, starts them in
// order, keeps the proxy's config snapshot current, and shuts everything down cleanly. main.cpp only
// parses the command line, creates the Q(Core)Application and, with a display, the DesktopShell.

#include "appoptions.h"
#include "configtypes.h"
#include "proxyevents.h"

#include <QObject>
#include <QString>

#include <memory>

namespace Switchyard {

class AdminApi;
class Retention;
class ConfigService;
class ProxyHost;
class SecretStore;
class SignalWatcher;
class SingleInstance;
class Storage;

class AppController : public QObject
{
    Q_OBJECT

public:
    struct StartResult
    {
        ExitCode exitCode = ExitCode::Ok;
        bool running = false; // true: enter the event loop; false: exit with exitCode
        QString message; // for stderr: the reason when not running, empty otherwise
    };

    // How long in-flight requests may run on after a stop or quit before they are cut off.
    static constexpr int StopGraceMs = 10000;

    // options.headless must already say which mode main chose.
    explicit AppController(const AppOptions &options, QObject *parent = nullptr);
    ~AppController() override; // shuts down if still running

    // Data dir, single instance, storage, secrets, --config import, proxy start, SIGINT/SIGTERM.
    // A second GUI launch asks the running instance to show itself and returns exit code Ok with
    // running false.
    StartResult start();
    // --export-config: opens the store (without taking the data directory over, so it works next to
    // a running instance), writes the file and returns; running is always false.
    StartResult exportConfig();
    // Stops the proxy (in-flight requests get StopGraceMs), commits pending usage and closes the
    // store, then releases the data directory. Safe to call twice.
    void shutdown();

    const AppOptions &options() const { return m_options; }
    bool isHeadless() const { return m_options.headless; }
    QString dataDir() const { return m_dataDir; }

    // Valid between a successful start() and shutdown(); null otherwise.
    Storage *storage() const { return m_storage.get(); }
    ConfigService *configService() const { return m_configService.get(); }
    ProxyHost *proxyHost() const { return m_proxyHost.get(); }
    // Null when no keychain answered and the insecure file was not opted into.
    SecretStore *secretStore() const { return m_secretStore.get(); }
    // Why there is no (secure) secret store, for the UI; empty when the keychain works.
    QString secretsProblem() const { return m_secretsProblem; }

    bool isProxyRunning() const;
    // The URL clients use: the bound one while running, the configured one otherwise.
    QString baseUrl() const;
    // Where startProxy() binds: command line, then stored settings, then defaults.
    ProxyEndpoint proxyEndpoint() const;
    // "Switchyard listening on http://ADDR:PORT" (the line main prints once when ready).
    QString listeningLine() const;
    // The configuration the proxy runs with now (null before start()).
    ConfigSnapshotPtr snapshot() const { return m_snapshot; }
    quint64 snapshotGeneration() const { return m_generation; }

    // Starts or stops the proxy thread (tray actions). startProxy is a no-op while running.
    bool startProxy(QString *error = nullptr);
    void stopProxy();

    // Rebuilds the snapshot from the store and hands it to the proxy thread (no restart).
    void publishConfig();

    // The user's explicit opt-in (from the window) to keep upstream keys in the 0600 plaintext file
    // because no keychain answered: stores the setting, switches to that store and republishes.
    bool enableInsecureSecretsFile(QString *error = nullptr);

    // Routing state of the running proxy (empty while stopped). Thread-safe, cheap: a copy of the
    // last report the proxy thread published.
    ProxyStatus proxyStatus() const;
    // Manual breaker override for one (channel, model); BreakerForce::None returns to automatic.
    void forceBreaker(qint64 channelId, const QString &model, BreakerForce force);
    // The admin API's bearer token (kept in the secret store); empty when there is no store.
    QString adminToken() const;
    // Replaces the admin token; the old one stops working at once.
    QString regenerateAdminToken(QString *error = nullptr);

public Q_SLOTS:
    // Clean shutdown, then the application's event loop ends with exit code 0 (tray "Quit", SIGINT,
    // SIGTERM). Call it from within QCoreApplication::exec(): Qt makes every later event loop of the
    // thread return at once after QCoreApplication::exit().
    void requestQuit();

Q_SIGNALS:
    void proxyStateChanged();
    // A second launch asked to show the window.
    void activateRequested();
    void configPublished(quint64 generation);
    // The secret store changed (for example after enableInsecureSecretsFile()).
    void secretsChanged();
    // A routing event of the proxy (failover, breaker, key disabled, budget), in this thread.
    void proxyEvent(const Switchyard::ProxyEvent &event);

private:
    StartResult startUp();
    StartResult fail(ExitCode code, const QString &message);
    bool prepareDataDir(QString *error);
    bool openStorage(QString *error);
    void selectSecrets();
    void applyLogLevel();
    void schedulePublish();
    void handleProxyEvent(const Switchyard::ProxyEvent &event);
    void seedBudgets();
    void persistKeyDisable(const Switchyard::ProxyEvent &event);
    void userMessage(QtMsgType type, const QString &message) const;

    AppOptions m_options;
    QString m_dataDir;
    std::unique_ptr<SingleInstance> m_instance;
    std::unique_ptr<Storage> m_storage;
    std::unique_ptr<SecretStore> m_secretStore;
    QString m_secretsProblem;
    std::unique_ptr<ConfigService> m_configService;
    std::unique_ptr<ProxyHost> m_proxyHost;
    std::unique_ptr<SignalWatcher> m_signals;
    std::unique_ptr<Retention> m_retention;
    ConfigSnapshotPtr m_snapshot;
    quint64 m_generation = 0;
    bool m_publishPending = false;
    bool m_quitting = false;
    // The /admin/* API; created with the first proxy start and kept (it must outlive the proxy thread).
    std::unique_ptr<AdminApi> m_adminApi;
};

} // namespace Switchyard
