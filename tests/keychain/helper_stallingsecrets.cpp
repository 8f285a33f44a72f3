// Run inside a private D-Bus session (dbus-run-session) by tst_keychain. Owns the Secret Service
// name itself and never answers a call, like a keyring stuck on an unlock prompt, then checks that
// keychain calls give up after their timeout instead of hanging. Prints one JSON object with what
// it saw and exits 0 when the process survived it all (the abandoned jobs are still alive).

#include "keychainsecretstore.h"

#include <QCoreApplication>
#include <QDBusConnection>
#include <QDBusConnectionInterface>
#include <QDBusMessage>
#include <QDBusVirtualObject>
#include <QElapsedTimer>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTimer>

#include <cstdio>

namespace {

// Accepts every call on every path and never replies: the caller waits for its own timeout.
class SilentService : public QDBusVirtualObject
{
public:
    QString introspect(const QString &) const override { return {}; }
    bool handleMessage(const QDBusMessage &message, const QDBusConnection &) override
    {
        message.setDelayedReply(true);
        ++calls;
        return true;
    }
    int calls = 0;
};

} // namespace

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    QDBusConnection bus = QDBusConnection::sessionBus();
    if (!bus.isConnected()) {
        std::fprintf(stderr, "no session bus\n");
        return 2;
    }
    SilentService service;
    if (!bus.registerVirtualObject(QStringLiteral("/"), &service, QDBusConnection::SubPath)
        || !bus.registerService(QStringLiteral("org.freedesktop.secrets"))) {
        std::fprintf(stderr, "cannot own org.freedesktop.secrets: %s\n",
                     qPrintable(bus.lastError().message()));
        return 2;
    }

    using namespace std::chrono_literals;
    Switchyard::KeychainSecretStore store(QStringLiteral("SwitchyardStallTest"), 1500ms);
    QJsonObject result;
    QElapsedTimer timer;
    timer.start();
    const std::optional<QString> problem = store.probe();
    result.insert(u"probeMs", timer.restart());
    result.insert(u"probeProblem", problem.value_or(QString()));
    QString error;
    const bool written = store.write(QStringLiteral("stall/test"), "sk-stall-test-secret", &error);
    result.insert(u"writeMs", timer.restart());
    result.insert(u"written", written);
    result.insert(u"writeError", error);
    result.insert(u"serviceCalls", service.calls);

    // Keep the event loop turning a little while the abandoned jobs are still pending, then quit.
    QTimer::singleShot(300, &app, &QCoreApplication::quit);
    app.exec();
    std::fputs(QJsonDocument(result).toJson(QJsonDocument::Compact).constData(), stdout);
    std::fputc('\n', stdout);
    return 0;
}
