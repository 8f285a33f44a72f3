#include "desktopshell.h"

#include "appcontroller.h"
#include "firstrunwizard.h"
#include "languagemanager.h"
#include "mainwindow.h"
#include "trayicon.h"
#include "uilogging.h"

namespace Switchyard {

DesktopShell::DesktopShell(AppController *controller, QObject *parent)
    : QObject(parent)
    , m_controller(controller)
    , m_languages(new LanguageManager(this))
{
    // Before any widget exists, so everything is built in the user's language.
    m_languages->follow(controller->storage());
    m_window = new MainWindow(controller);
    m_tray = new TrayIcon(controller, this);
    connect(m_tray, &TrayIcon::openWindowRequested, this, &DesktopShell::activate);
    connect(m_window, &MainWindow::quitRequested, controller, &AppController::requestQuit);
}

DesktopShell::~DesktopShell()
{
    delete m_wizard;
    delete m_window;
}

MainWindow *DesktopShell::mainWindow() const
{
    return m_window;
}

FirstRunWizard *DesktopShell::firstRunWizard() const
{
    return m_wizard;
}

void DesktopShell::show()
{
    const bool trayAvailable = TrayIcon::isAvailable();
    m_window->setKeepRunningInTray(trayAvailable);
    if (trayAvailable)
        m_tray->show();
    else
        qCInfo(lcUi) << "No system tray available; the main window is the entry point";
    m_window->show();
    if (!m_controller->secretsProblem().isEmpty()) {
        // Not modal-blocking: the window (and its banner) stays usable behind it. Keys need a store
        // before the wizard can save one, so the wizard waits for the next start.
        m_window->offerInsecureSecretsFile();
    } else if (FirstRunWizard::isNeeded(m_controller)) {
        m_wizard = new FirstRunWizard(m_controller, m_window);
        m_wizard->setAttribute(Qt::WA_DeleteOnClose);
        m_wizard->open();
    }
}

void DesktopShell::activate()
{
    m_window->show();
    m_window->setWindowState((m_window->windowState() & ~Qt::WindowMinimized) | Qt::WindowActive);
    m_window->raise();
    m_window->activateWindow();
}

} // namespace Switchyard
