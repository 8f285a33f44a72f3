#pragma once

#include "notifier.h"

#include <QObject>
#include <QPointer>

class QAction;
class QActionGroup;
class QMenu;
class QSystemTrayIcon;
class QTimer;

namespace Switchyard {

class AppController;

// The tray entry point: state icon (running / degraded / stopped, light and dark variants), the
// menu, and rate-limited notifications about proxy events. The top level of the menu is built once;
// later changes only update texts, check marks and enabled states, because several desktops
// (StatusNotifierItem over D-Bus) handle rebuilt menus badly. Only the quick-switch submenus are
// refilled, when the configuration changes.
//
// Menu: open window, start/stop proxy, copy base URL, copy the Claude Code shell lines, the default
// target and the opus/sonnet/haiku slot targets of the Claude Code client key, language, quit.
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

    // The slots of a client key's slot map the tray can switch.
    static QStringList slotNames()
    {
        return {QStringLiteral("opus"), QStringLiteral("sonnet"), QStringLiteral("haiku")};
    }

    explicit TrayIcon(AppController *controller, QObject *parent = nullptr);
    ~TrayIcon() override;

    static bool isAvailable();
    void show();
    State state() const { return m_state; }
    QMenu *menu() const { return m_menu; }
    Notifier *notifier() const { return m_notifier; }
    // The messages shown so far (tests; the desktop shows them as balloons).
    QList<Notification> shownNotifications() const { return m_shown; }

    // Resource path of the icon for a state, picking the variant that contrasts with the panel.
    static QString iconPath(State state, bool darkPanel);

    // Targets the quick switch offers: "<channel>,<model>" of enabled channels, then group names.
    static QStringList switchTargets(const ConfigData &config);

public Q_SLOTS:
    // Re-reads the proxy state (the proxy reports health without a signal, so a timer calls this).
    void refresh();

Q_SIGNALS:
    void openWindowRequested();

protected:
    bool eventFilter(QObject *watched, QEvent *event) override;

private:
    void retranslate();
    void rebuildSwitchMenus();
    void fillTargetMenu(QMenu *menu, QActionGroup *group, const QStringList &targets, const QString &current,
                        bool offerNone);
    void setDefaultTarget(const QString &target);
    void setSlotTarget(const QString &slot, const QString &target);
    void showNotification(const Notification &notification);
    void copyClaudeCodeLines();

    AppController *m_controller;
    QSystemTrayIcon *m_tray = nullptr;
    QMenu *m_menu = nullptr;
    QAction *m_openAction = nullptr;
    QAction *m_toggleProxyAction = nullptr;
    QAction *m_copyUrlAction = nullptr;
    QAction *m_copyEnvAction = nullptr;
    QMenu *m_defaultMenu = nullptr;
    QActionGroup *m_defaultGroup = nullptr;
    QList<QMenu *> m_slotMenus;
    QList<QActionGroup *> m_slotGroups;
    QMenu *m_languageMenu = nullptr;
    QAction *m_englishAction = nullptr;
    QAction *m_chineseAction = nullptr;
    QAction *m_quitAction = nullptr;
    QTimer *m_statusTimer = nullptr;
    QTimer *m_rebuildTimer = nullptr;
    Notifier *m_notifier = nullptr;
    QList<Notification> m_shown;
    State m_state = State::Stopped;
};

} // namespace Switchyard
