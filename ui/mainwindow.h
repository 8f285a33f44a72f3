#pragma once

#include <QMainWindow>

class QLabel;
class QPushButton;
class QPlainTextEdit;

namespace Switchyard {

class AppController;

// The main window. For now it shows the proxy status and how to point Claude Code at it; the entity
// pages arrive with the desktop UI work.
class MainWindow : public QMainWindow
{
    Q_OBJECT

public:
    explicit MainWindow(AppController *controller, QWidget *parent = nullptr);

    // When false (no system tray), closing the window quits the app instead of hiding it.
    void setKeepRunningInTray(bool keep) { m_keepRunningInTray = keep; }

    // Asks for confirmation, then opts into the plaintext key file (no keychain answered).
    void offerInsecureSecretsFile();

Q_SIGNALS:
    void quitRequested();

protected:
    void changeEvent(QEvent *event) override;
    void closeEvent(QCloseEvent *event) override;

private:
    void retranslate();
    void refresh();

    AppController *m_controller;
    bool m_keepRunningInTray = true;
    QLabel *m_title = nullptr;
    QLabel *m_status = nullptr;
    QLabel *m_urlLabel = nullptr;
    QLabel *m_url = nullptr;
    QPushButton *m_copyUrl = nullptr;
    QPushButton *m_toggleProxy = nullptr;
    QLabel *m_envTitle = nullptr;
    QPlainTextEdit *m_envLines = nullptr;
    QLabel *m_secretsWarning = nullptr;
    QPushButton *m_useInsecureFile = nullptr;
};

} // namespace Switchyard
