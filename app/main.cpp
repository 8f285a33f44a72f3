// The switchyard executable: bootstrap only. Parses the command line, picks headless or desktop,
// creates the matching application object, and hands everything else to AppController.

#include "appcontroller.h"
#include "appoptions.h"
#include "desktopshell.h"
#include "logsink.h"
#include "switchyard_version.h"

#include <QApplication>
#include <QCoreApplication>

#include <cstdio>
#include <memory>

namespace {

void printLine(FILE *stream, const QString &text)
{
    const QByteArray bytes = (text + u'\n').toLocal8Bit();
    std::fwrite(bytes.constData(), 1, static_cast<size_t>(bytes.size()), stream);
    std::fflush(stream);
}

} // namespace

int main(int argc, char *argv[])
{
    using namespace Switchyard;

    QCoreApplication::setOrganizationName(QStringLiteral("Switchyard"));
    QCoreApplication::setApplicationName(QStringLiteral("Switchyard"));
    QCoreApplication::setApplicationVersion(QStringLiteral(SWITCHYARD_VERSION));

    // Parsed before any application object exists: the options decide which one to create.
    QStringList args;
    for (int i = 0; i < argc; ++i)
        args.append(QString::fromLocal8Bit(argv[i]));
    const AppOptionsParseResult parsed = parseAppOptions(args);
    if (!parsed.ok()) {
        printLine(stderr, QStringLiteral("switchyard: %1\nTry 'switchyard --help'.").arg(parsed.error));
        return exitCodeValue(ExitCode::UsageError);
    }
    if (parsed.options.showVersion) {
        printLine(stdout, QStringLiteral("Switchyard %1").arg(QStringLiteral(SWITCHYARD_VERSION)));
        return exitCodeValue(ExitCode::Ok);
    }
    if (parsed.options.showHelp) {
        QCoreApplication app(argc, argv);
        printLine(stdout, appOptionsHelpText());
        return exitCodeValue(ExitCode::Ok);
    }

    AppOptions options = parsed.options;
    const bool exportOnly = options.isExportOnly();
    bool noDisplay = false;
    if (!options.headless && !exportOnly && !displayAvailable()) {
        options.headless = true;
        noDisplay = true;
    }

    std::unique_ptr<QCoreApplication> app;
    if (options.headless || exportOnly) {
        app = std::make_unique<QCoreApplication>(argc, argv);
    } else {
        auto guiApp = std::make_unique<QApplication>(argc, argv);
        // The tray keeps the proxy running after the window closes.
        QApplication::setQuitOnLastWindowClosed(false);
        QGuiApplication::setDesktopFileName(QStringLiteral("switchyard"));
        app = std::move(guiApp);
    }

    LogSink logSink;
    logSink.setEchoToStderr(options.headless || exportOnly
                            || qEnvironmentVariableIsSet("QT_FORCE_STDERR_LOGGING"));
    if (options.logLevel)
        logSink.setMinimumLevel(*options.logLevel);
    logSink.install();
    if (noDisplay)
        logSink.userMessage(QtInfoMsg, QStringLiteral("No display found; running headless"));

    AppController controller(options);
    const AppController::StartResult result = exportOnly ? controller.exportConfig() : controller.start();
    if (!result.running) {
        if (!result.message.isEmpty())
            logSink.userMessage(result.exitCode == ExitCode::Ok ? QtInfoMsg : QtCriticalMsg, result.message);
        return exitCodeValue(result.exitCode);
    }

    // Declared after the controller so it is destroyed first: the shell holds a pointer to it.
    std::unique_ptr<DesktopShell> shell;
    if (!options.headless) {
        shell = std::make_unique<DesktopShell>(&controller);
        QObject::connect(&controller, &AppController::activateRequested, shell.get(),
                         &DesktopShell::activate);
        shell->show();
    }

    printLine(stdout, controller.listeningLine());
    const int code = app->exec();
    shell.reset();
    controller.shutdown();
    return code;
}
