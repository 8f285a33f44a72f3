#pragma once

#include "channeltester.h"
#include "configtypes.h"

#include <QWidget>

class QCheckBox;
class QComboBox;
class QDoubleSpinBox;
class QFormLayout;
class QGroupBox;
class QLabel;
class QLineEdit;
class QListWidget;
class QProgressBar;
class QPushButton;
class QSpinBox;
class QTreeWidget;

namespace Switchyard {

class AppController;

// A Yes/Cancel question (object name "confirmRemoval") before something is deleted.
bool confirmRemoval(QWidget *parent, const QString &title, const QString &text);

// Edits one stored channel. Plain fields (name, base URL, models, priority, weight, quota, budget,
// proxy, enabled) are saved together with Save. Keys change the store at once: a pasted key goes to
// the secret store under a fresh "channel-key/..." reference and the channel is saved with the new
// ChannelKey (reference, hint, fingerprint); the key itself is never shown again. Test and Discover
// use the channel's URL and its first usable key (or a key still in the key field).
class ChannelEditor : public QWidget
{
    Q_OBJECT
public:
    explicit ChannelEditor(AppController *controller, QWidget *parent = nullptr);

    // provider: the channel's provider (protocol, default base URL, preset for the test model).
    void setChannel(const Channel &channel, const Provider &provider);
    qint64 channelId() const { return m_channel.id; }
    bool isDirty() const { return m_dirty; }
    Channel editedChannel() const;
    bool save();
    ChannelTester *tester() const { return m_tester; }

Q_SIGNALS:
    void saved(qint64 channelId);

protected:
    void changeEvent(QEvent *event) override;

private:
    void retranslate();
    void markDirty();
    void updateButtons();
    void showError(const QString &message);
    void fillKeys();
    void fillTestModels();
    QStringList models() const;
    void addModel(const QString &model);

    void addKey();
    void removeKey();
    void reenableKey();
    // Stores keys as the channel's key list (other stored fields untouched) and updates the editor.
    bool storeKeys(const QList<ChannelKey> &keys);
    int selectedKeyRow() const;

    void runTest();
    void runDiscover();
    QByteArray testSecret(QString *problem) const;
    QString effectiveBaseUrl() const;
    void setBusy(bool busy);
    void onTestFinished(const ChannelTestResult &result);
    void onModelsDiscovered(const QStringList &models, const QString &error);

    AppController *m_controller;
    ChannelTester *m_tester;
    Channel m_channel;
    Provider m_provider;
    bool m_dirty = false;
    bool m_loading = false;

    QFormLayout *m_form;
    QLineEdit *m_name;
    QLineEdit *m_baseUrl;
    QSpinBox *m_priority;
    QSpinBox *m_weight;
    QSpinBox *m_quota;
    QDoubleSpinBox *m_budget;
    QLineEdit *m_proxy;
    QCheckBox *m_enabled;

    QGroupBox *m_modelsBox;
    QListWidget *m_models;
    QLineEdit *m_newModel;
    QPushButton *m_addModel;
    QPushButton *m_removeModel;
    QPushButton *m_discover;
    QProgressBar *m_progress;
    QLabel *m_discoverStatus;

    QGroupBox *m_keysBox;
    QTreeWidget *m_keys;
    QLineEdit *m_newKey;
    QPushButton *m_addKey;
    QPushButton *m_removeKey;
    QPushButton *m_reenableKey;
    QLabel *m_keysNote;

    QGroupBox *m_testBox;
    QComboBox *m_testModel;
    QPushButton *m_test;
    QLabel *m_testResult;

    QLabel *m_error;
    QPushButton *m_save;
    QPushButton *m_revert;
};

} // namespace Switchyard
