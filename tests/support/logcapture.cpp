#include "logcapture.h"

#include <QtGlobal>

namespace Switchyard::Test::LogCapture {

namespace {

QStringList g_messages;
QtMessageHandler g_previousHandler = nullptr;

void recordingHandler(QtMsgType type, const QMessageLogContext &context, const QString &message)
{
    g_messages << message;
    if (g_previousHandler)
        g_previousHandler(type, context, message);
}

} // namespace

void install()
{
    g_messages.clear();
    g_previousHandler = qInstallMessageHandler(recordingHandler);
}

void uninstall()
{
    qInstallMessageHandler(g_previousHandler);
}

void clear()
{
    g_messages.clear();
}

const QStringList &messages()
{
    return g_messages;
}

QString firstContaining(const QList<QByteArray> &texts)
{
    for (const QString &message : std::as_const(g_messages)) {
        for (const QByteArray &text : texts) {
            if (message.contains(QString::fromLatin1(text)))
                return message;
        }
    }
    return {};
}

} // namespace Switchyard::Test::LogCapture
