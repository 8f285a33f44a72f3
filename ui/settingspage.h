#pragma once

#include "pagefeedback.h"

#include <QHash>
#include <QVariant>
#include <QWidget>

#include <functional>

class QCheckBox;
class QComboBox;
class QGroupBox;
class QLabel;
class QLineEdit;
class QListWidget;
class QPushButton;
class QSpinBox;

namespace Switchyard {

class AppController;

// Port and bind, autostart, retention, body capture, language, import/export with backups, the admin
// token, the insecure-secrets fallback, and the advanced proxy settings. Every setting except the
// endpoint is saved as soon as it changes; the endpoint waits for Apply, which restarts the proxy.
//
// Widgets tests drive (objectName): bindAddress, port, applyEndpoint, endpointStatus, autostart,
// usageRetentionDays, bodyRetentionDays, captureBodies, language, exportConfig, exportIncludeKeys,
// importConfig, configStatus, backupsList, restoreBackup, adminToken, revealAdminToken,
// copyAdminToken, regenerateAdminToken, secretsStatus, enableInsecureSecrets, maxAttempts, deadlineMs,
// probeIntervalSeconds, noProxy, routeHeader, degradeOnBudget, settingsMessage. File dialogs are
// QFileDialogs named exportDialog and importDialog; questions are QMessageBoxes named
// confirmRestoreBackup, confirmRegenerateToken and confirmInsecureSecrets.
class SettingsPage : public QWidget
{
    Q_OBJECT

public:
    explicit SettingsPage(AppController *controller, QWidget *parent = nullptr);

    static constexpr int DefaultUsageRetentionDays = 90;
    static constexpr int DefaultBodyRetentionDays = 7;

Q_SIGNALS:
    // The user picked a language ("en", "zh_CN", or "" for the system's); it is saved as the
    // "language" setting already.
    void languageSelected(const QString &code);

protected:
    void changeEvent(QEvent *event) override;

private:
    // One setting shown by one widget: load() puts the stored value (or the default) into the widget
    // without signalling; the widget's change signal saves.
    void bindSpin(QSpinBox *spin, const QString &key, int defaultValue);
    void bindCheck(QCheckBox *check, const QString &key, bool defaultValue);
    void bindText(QLineEdit *edit, const QString &key);
    void addLoader(const QString &key, std::function<void()> load);
    void saveSetting(const QString &key, const QVariant &value);
    QVariant storedSetting(const QString &key, const QVariant &defaultValue = {}) const;
    void reloadSetting(const QString &key);

    QGroupBox *buildProxyGroup();
    QGroupBox *buildGeneralGroup();
    QGroupBox *buildDataGroup();
    QGroupBox *buildConfigGroup();
    QGroupBox *buildAdminGroup();
    QGroupBox *buildSecretsGroup();
    QGroupBox *buildAdvancedGroup();

    void retranslate();
    void applyEndpoint();
    void showEndpointState();
    void setAutostart(bool enabled);
    void startExport();
    void startImport();
    void exportTo(const QString &path);
    void importFrom(const QString &path, const QString &doneMessage);
    void refreshBackups();
    void confirmRestore();
    void refreshAdminToken();
    void confirmRegenerateToken();
    void refreshSecrets();
    void confirmInsecureSecrets();
    void showMessage(QLabel *label, const QString &text, Tone tone);

    AppController *m_controller;
    QHash<QString, std::function<void()>> m_loaders;

    QGroupBox *m_proxyGroup;
    QLineEdit *m_bind;
    QSpinBox *m_port;
    QPushButton *m_applyEndpoint;
    QLabel *m_endpointStatus;
    QLabel *m_overrideNote;

    QGroupBox *m_generalGroup;
    QCheckBox *m_autostart;
    QComboBox *m_language;

    QGroupBox *m_dataGroup;
    QSpinBox *m_usageDays;
    QSpinBox *m_bodyDays;
    QCheckBox *m_captureBodies;
    QLabel *m_privacyNote;

    QGroupBox *m_configGroup;
    QPushButton *m_export;
    QCheckBox *m_includeKeys;
    QLabel *m_includeKeysWarning;
    QPushButton *m_import;
    QLabel *m_configStatus;
    QLabel *m_backupsLabel;
    QListWidget *m_backups;
    QPushButton *m_restore;

    QGroupBox *m_adminGroup;
    QLabel *m_adminNote;
    QLineEdit *m_adminToken;
    QPushButton *m_revealToken;
    QPushButton *m_copyToken;
    QPushButton *m_regenerateToken;
    QLabel *m_adminStatus;

    QGroupBox *m_secretsGroup;
    QLabel *m_secretsStatus;
    QPushButton *m_enableInsecure;

    QGroupBox *m_advancedGroup;
    QSpinBox *m_maxAttempts;
    QSpinBox *m_deadline;
    QSpinBox *m_probeInterval;
    QLineEdit *m_noProxy;
    QCheckBox *m_routeHeader;
    QCheckBox *m_degrade;
    QLabel *m_message;
};

} // namespace Switchyard
