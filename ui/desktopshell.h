#pragma once

#include <QObject>
#include <QPointer>

namespace Switchyard {

class AppController;
class FirstRunWizard;
class LanguageManager;
class MainWindow;
class TrayIcon;

// Everything the desktop user sees: the tray icon, the main window and, at the first start, the
// first-run wizard. Applies the stored language (and follows changes of it). Where no system tray
// exists the window is the entry point and closing it quits.
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
    LanguageManager *languageManager() const { return m_languages; }
    // The wizard while it is open (shown by show() when the configuration has no channel yet).
    FirstRunWizard *firstRunWizard() const;

private:
    AppController *m_controller;
    LanguageManager *m_languages;
    QPointer<MainWindow> m_window;
    QPointer<FirstRunWizard> m_wizard;
    TrayIcon *m_tray = nullptr;
};

} // namespace Switchyard
