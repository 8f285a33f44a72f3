#pragma once

#include "configtypes.h"

#include <QWidget>

class QComboBox;
class QGroupBox;
class QLabel;
class QPlainTextEdit;
class QPushButton;
class QSpinBox;
class QTableView;

namespace Switchyard {

class AppController;
class RuleModel;

// Scenario targets (default, background, think, longContext with its threshold, webSearch, image),
// the ordered prefix rules, and "Try a route": a model name or a pasted request, explained by
// RouteExplainer against the rules as edited on this page.
class RoutingPage : public QWidget
{
    Q_OBJECT

public:
    explicit RoutingPage(AppController *controller, QWidget *parent = nullptr);

    // The scenario match names, in the order the page shows them.
    static QStringList scenarios();

    RuleModel *ruleModel() const { return m_rules; }
    // The stored rules with this page's edits applied (what save() would store).
    QList<RoutingRule> editedRules() const;
    void reload();
    bool save();
    // Explains the route for the text in the "Try a route" box.
    void tryRoute();

protected:
    void changeEvent(QEvent *event) override;

private:
    struct ScenarioRow
    {
        QString match;
        QLabel *label = nullptr;
        QComboBox *target = nullptr;
        QLabel *hint = nullptr;
    };

    void build();
    void retranslate();
    void fillTargets(const ConfigData &config);
    void updateRuleButtons();
    void markDirty();
    // Why target cannot be routed to, or empty.
    QString targetProblem(const QString &target) const;
    const RoutingRule *storedScenario(const QString &match) const;

    AppController *m_controller;
    RuleModel *m_rules;
    ConfigData m_config; // as last loaded
    bool m_dirty = false;
    bool m_loading = false;

    QLabel *m_title;
    QGroupBox *m_scenarioBox;
    QLabel *m_scenarioIntro;
    QList<ScenarioRow> m_scenarioRows;
    QLabel *m_thresholdLabel;
    QSpinBox *m_threshold;

    QGroupBox *m_prefixBox;
    QLabel *m_prefixIntro;
    QTableView *m_ruleView;
    QPushButton *m_addRule;
    QPushButton *m_removeRule;
    QPushButton *m_ruleUp;
    QPushButton *m_ruleDown;

    QPushButton *m_save;
    QPushButton *m_revert;
    QLabel *m_status;

    QGroupBox *m_tryBox;
    QLabel *m_tryIntro;
    QPlainTextEdit *m_tryInput;
    QLabel *m_keyLabel;
    QComboBox *m_tryKey;
    QPushButton *m_tryButton;
    QLabel *m_decision;
    QPlainTextEdit *m_tryResult;
    QStringList m_targetOptions;
};

} // namespace Switchyard
