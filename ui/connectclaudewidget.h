#pragma once

#include "claudecodeconnector.h"

#include <QWidget>

class QComboBox;
class QLabel;
class QPlainTextEdit;
class QPushButton;

namespace Switchyard {

class AppController;

// "Connect Claude Code" as the dashboard and the first-run wizard show it: the button that writes
// ~/.claude/settings.json, Restore, what happened, and the equivalent shell lines (bash/zsh or
// PowerShell) with a copy button. The token appears in the lines only while it can be verified
// from the settings file (the store keeps only its hash).
class ConnectClaudeWidget : public QWidget
{
    Q_OBJECT

public:
    explicit ConnectClaudeWidget(AppController *controller, QWidget *parent = nullptr);

    // Home directory the connector works in (tests); empty = the user's home.
    void setHomeDir(const QString &homeDir);
    ClaudeCodeConnector::Result lastResult() const { return m_lastResult; }

public Q_SLOTS:
    void connectClaudeCode();
    void restoreSettings();
    void refresh();

Q_SIGNALS:
    void connected();

protected:
    void changeEvent(QEvent *event) override;

private:
    void retranslate();
    ClaudeCodeConnector connector() const;

    AppController *m_controller;
    QString m_homeDir;
    ClaudeCodeConnector::Result m_lastResult;
    QString m_actionMessage;
    bool m_actionFailed = false;
    QLabel *m_explanation = nullptr;
    QPushButton *m_connect = nullptr;
    QPushButton *m_restore = nullptr;
    QLabel *m_status = nullptr;
    QLabel *m_linesTitle = nullptr;
    QComboBox *m_shell = nullptr;
    QPlainTextEdit *m_lines = nullptr;
    QPushButton *m_copyLines = nullptr;
};

} // namespace Switchyard
