#pragma once

#include <QMainWindow>

class QFrame;
class QLabel;
class QListWidget;
class QPushButton;
class QStackedWidget;

namespace Switchyard {

class AppController;

// The main window: a sidebar of pages (dashboard, providers & channels, model groups, routing, client
// keys, usage, logs, settings) and, above them, a banner when upstream keys cannot be kept securely.
class MainWindow : public QMainWindow
{
    Q_OBJECT

public:
    enum class Page
    {
        Dashboard,
        Providers,
        Groups,
        Routing,
        ClientKeys,
        Usage,
        Logs,
        Settings,
    };
    static constexpr int PageCount = 8;

    explicit MainWindow(AppController *controller, QWidget *parent = nullptr);

    // When false (no system tray), closing the window quits the app instead of hiding it.
    void setKeepRunningInTray(bool keep) { m_keepRunningInTray = keep; }

    // Asks for confirmation, then opts into the plaintext key file (no keychain answered).
    void offerInsecureSecretsFile();

    void showPage(Page page);
    Page currentPage() const;
    // The page widget itself (each sits in a scroll area in the stack).
    QWidget *page(Page page) const;
    QListWidget *sidebar() const { return m_sidebar; }

Q_SIGNALS:
    void quitRequested();

protected:
    void changeEvent(QEvent *event) override;
    void closeEvent(QCloseEvent *event) override;

private:
    void retranslate();
    void refreshSecretsBanner();
    void addPage(QWidget *page);

    AppController *m_controller;
    bool m_keepRunningInTray = true;
    QListWidget *m_sidebar = nullptr;
    QStackedWidget *m_stack = nullptr;
    QList<QWidget *> m_pages;
    QFrame *m_banner = nullptr;
    QLabel *m_secretsWarning = nullptr;
    QPushButton *m_useInsecureFile = nullptr;
};

} // namespace Switchyard
