#pragma once

#include <QObject>
#include <QPointer>

namespace Switchyard {

class AppController;
class MainWindow;
class TrayIcon;

// Everything the desktop user sees: the tray icon and the main window. Where no system tray exists
// the window is the entry point and closing it quits.
class DesktopShell : public QObject
{
    Q_OBJECT

public:
    explicit DesktopShell(AppController *controller, QObject *parent = nullptr);
    ~DesktopShell() override;

    void show();
    // Brings the window to the front (a second launch asks for this).
    void activate();

    MainWindow *mainWindow() const;
    TrayIcon *trayIcon() const { return m_tray; }

private:
    AppController *m_controller;
    QPointer<MainWindow> m_window;
    TrayIcon *m_tray = nullptr;
};

} // namespace Switchyard
