#pragma once

// The first-run wizard: pick a provider preset, paste a key, test it with a real request, connect
// Claude Code. Finishing the test step stores a provider, a channel (its key in the secret store)
// and the default scenario rule "<channel>,<model>", so Claude Code, connected on the last page,
// has somewhere to go. Shown at start while the configuration has no channel and the setting
// firstRun/done is not set; finishing or cancelling sets it.

#include "channeltester.h"

#include <QWizard>

class QComboBox;
class QLabel;
class QLineEdit;
class QListWidget;
class QPushButton;

namespace Switchyard {

class AppController;
class ConnectClaudeWidget;
class FirstRunClaudePage;
class FirstRunKeyPage;
class FirstRunPresetPage;
class FirstRunTestPage;
struct ProviderPreset;

class FirstRunWizard : public QWizard
{
    Q_OBJECT

public:
    enum PageId
    {
        PresetPageId,
        KeyPageId,
        TestPageId,
        ClaudePageId,
    };

    static constexpr const char *DoneSetting = "firstRun/done";

    explicit FirstRunWizard(AppController *controller, QWidget *parent = nullptr);

    // Whether the app should show the wizard now.
    static bool isNeeded(AppController *controller);

    const ProviderPreset *selectedPreset() const;
    // What the user entered: the base URL (the preset's unless edited), the key, the model to test
    // and route to.
    QString baseUrl() const;
    QByteArray secret() const;
    QString model() const;
    ConnectClaudeWidget *connectWidget() const;
    ChannelTester *tester() const { return m_tester; }
    // The ids stored by the test step (0 before).
    qint64 channelId() const { return m_channelId; }

    // Stores provider, channel (key to the secret store) and default rule; updates them when the
    // user went back and changed something. Returns false with *error set when it cannot.
    bool saveConfiguration(QString *error);

protected:
    void changeEvent(QEvent *event) override;
    void done(int result) override;

private:
    friend class FirstRunTestPage; // runs the test and the save

    void retranslate();

    AppController *m_controller;
    ChannelTester *m_tester;
    FirstRunPresetPage *m_presetPage;
    FirstRunKeyPage *m_keyPage;
    FirstRunTestPage *m_testPage;
    FirstRunClaudePage *m_claudePage;
    qint64 m_providerId = 0;
    qint64 m_channelId = 0;
    qint64 m_ruleId = 0;
};

} // namespace Switchyard
