#include "desktopshell.h"

#include "appcontroller.h"
#include "mainwindow.h"
#include "trayicon.h"
#include "uilogging.h"

namespace Switchyard {

DesktopShell::DesktopShell(AppController *controller, QObject *parent)
    : QObject(parent)
    , m_controller(controller)
{
    m_window = new MainWindow(controller);
    m_tray = new TrayIcon(controller, this);
    connect(m_tray, &TrayIcon::openWindowRequested, this, &DesktopShell::activate);
    connect(m_window, &MainWindow::quitRequested, controller, &AppController::requestQuit);
}

DesktopShell::~DesktopShell()
{
    delete m_window;
}

MainWindow *DesktopShell::mainWindow() const
{
    return m_window;
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
    if (!m_controller->secretsProblem().isEmpty())
        // Not modal-blocking: the window (and its banner) stays usable behind it.
        m_window->offerInsecureSecretsFile();
}

void DesktopShell::activate()
{
    m_window->show();
    m_window->setWindowState((m_window->windowState() & ~Qt::WindowMinimized) | Qt::WindowActive);
    m_window->raise();
    m_window->activateWindow();
}

} // namespace Switchyard
