#pragma once

#include <QObject>
#include <QPointer>

class QAction;
class QMenu;
class QSystemTrayIcon;

namespace Switchyard {

class AppController;

// The tray entry point: state icon (running / degraded / stopped, light and dark variants) and the
// menu. Built once; later changes only update texts and enabled states, because several desktops
// (StatusNotifierItem over D-Bus) handle rebuilt menus badly.
class TrayIcon : public QObject
{
    Q_OBJECT

public:
    enum class State
    {
        Running,
        Degraded,
        Stopped,
    };

    explicit TrayIcon(AppController *controller, QObject *parent = nullptr);
    ~TrayIcon() override;

    static bool isAvailable();
    void show();
    State state() const { return m_state; }
    QMenu *menu() const { return m_menu; }

    // Resource path of the icon for a state, picking the variant that contrasts with the panel.
    static QString iconPath(State state, bool darkPanel);

Q_SIGNALS:
    void openWindowRequested();

protected:
    bool eventFilter(QObject *watched, QEvent *event) override;

private:
    void retranslate();
    void refresh();

    AppController *m_controller;
    QSystemTrayIcon *m_tray = nullptr;
    QMenu *m_menu = nullptr;
    QAction *m_openAction = nullptr;
    QAction *m_toggleProxyAction = nullptr;
    QAction *m_copyUrlAction = nullptr;
    QAction *m_quitAction = nullptr;
    State m_state = State::Stopped;
};

} // namespace Switchyard
