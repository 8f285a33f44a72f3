#include "routingpage.h"

#include "appcontroller.h"
#include "pagefeedback.h"
#include "routeexplainer.h"
#include "rulemodel.h"
#include "storage.h"

#include <QComboBox>
#include <QEvent>
#include <QFontDatabase>
#include <QGridLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QJsonObject>
#include <QLabel>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QScrollArea>
#include <QSpinBox>
#include <QSplitter>
#include <QStyledItemDelegate>
#include <QTableView>
#include <QVBoxLayout>

#include <memory>

namespace Switchyard {

namespace {

constexpr int DefaultLongContextThreshold = 60000;
const QLatin1String ThresholdKey("longContextThreshold");

// The target column edits with the known targets and still takes free text.
class TargetDelegate : public QStyledItemDelegate
{
public:
    TargetDelegate(const QStringList *options, QObject *parent)
        : QStyledItemDelegate(parent)
        , m_options(options)
    {
    }

    QWidget *createEditor(QWidget *parent, const QStyleOptionViewItem &option,
                          const QModelIndex &index) const override
    {
        if (index.column() != RuleModel::TargetColumn)
            return QStyledItemDelegate::createEditor(parent, option, index);
        auto *combo = new QComboBox(parent);
        combo->setEditable(true);
        combo->addItems(*m_options);
        return combo;
    }
    void setEditorData(QWidget *editor, const QModelIndex &index) const override
    {
        if (auto *combo = qobject_cast<QComboBox *>(editor))
            combo->setCurrentText(index.data(Qt::EditRole).toString());
        else
            QStyledItemDelegate::setEditorData(editor, index);
    }
    void setModelData(QWidget *editor, QAbstractItemModel *model, const QModelIndex &index) const override
    {
        if (auto *combo = qobject_cast<QComboBox *>(editor))
            model->setData(index, combo->currentText());
        else
            QStyledItemDelegate::setModelData(editor, model, index);
    }

private:
    const QStringList *m_options;
};

QPushButton *button(QWidget *parent, const char *name)
{
    auto *b = new QPushButton(parent);
    b->setObjectName(QLatin1String(name));
    return b;
}

} // namespace

RoutingPage::RoutingPage(AppController *controller, QWidget *parent)
    : QWidget(parent)
    , m_controller(controller)
    , m_rules(new RuleModel(this))
{
    build();
    retranslate();
    followStore(
        this, m_controller, [this] { return m_dirty; }, [this] { reload(); });
    reload();
}

QStringList RoutingPage::scenarios()
{
    return {QStringLiteral("default"),     QStringLiteral("background"), QStringLiteral("think"),
            QStringLiteral("longContext"), QStringLiteral("webSearch"),  QStringLiteral("image")};
}

void RoutingPage::build()
{
    m_title = new QLabel(this);
    QFont titleFont = m_title->font();
    titleFont.setPointSizeF(titleFont.pointSizeF() * 1.3);
    titleFont.setBold(true);
    m_title->setFont(titleFont);

    auto *rulesPane = new QWidget;
    m_scenarioBox = new QGroupBox(rulesPane);
    m_scenarioIntro = new QLabel(m_scenarioBox);
    m_scenarioIntro->setWordWrap(true);
    auto *grid = new QGridLayout(m_scenarioBox);
    grid->addWidget(m_scenarioIntro, 0, 0, 1, 3);
    int line = 1;
    for (const QString &match : scenarios()) {
        ScenarioRow row;
        row.match = match;
        row.label = new QLabel(m_scenarioBox);
        row.target = new QComboBox(m_scenarioBox);
        row.target->setObjectName(QStringLiteral("target_%1").arg(match));
        row.target->setEditable(true);
        row.target->setMinimumContentsLength(18);
        row.target->setSizeAdjustPolicy(QComboBox::AdjustToMinimumContentsLengthWithIcon);
        row.hint = new QLabel(m_scenarioBox);
        row.hint->setWordWrap(true);
        row.label->setBuddy(row.target);
        grid->addWidget(row.label, line, 0);
        grid->addWidget(row.target, line, 1);
        grid->addWidget(row.hint, line, 2);
        connect(row.target, &QComboBox::currentTextChanged, this, &RoutingPage::markDirty);
        ++line;
        if (match == u"longContext") {
            m_thresholdLabel = new QLabel(m_scenarioBox);
            m_threshold = new QSpinBox(m_scenarioBox);
            m_threshold->setObjectName(QStringLiteral("longContextThreshold"));
            m_threshold->setRange(1000, 10000000);
            m_threshold->setSingleStep(1000);
            m_threshold->setValue(DefaultLongContextThreshold);
            m_thresholdLabel->setBuddy(m_threshold);
            grid->addWidget(m_thresholdLabel, line, 0);
            grid->addWidget(m_threshold, line, 1);
            connect(m_threshold, &QSpinBox::valueChanged, this, &RoutingPage::markDirty);
            ++line;
        }
        m_scenarioRows.append(row);
    }
    grid->setColumnStretch(1, 1);
    grid->setColumnStretch(2, 1);

    m_prefixBox = new QGroupBox(rulesPane);
    m_prefixIntro = new QLabel(m_prefixBox);
    m_prefixIntro->setWordWrap(true);
    m_ruleView = new QTableView(m_prefixBox);
    m_ruleView->setObjectName(QStringLiteral("prefixRules"));
    m_ruleView->setModel(m_rules);
    m_ruleView->setItemDelegate(new TargetDelegate(&m_targetOptions, m_ruleView));
    m_ruleView->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_ruleView->setSelectionMode(QAbstractItemView::SingleSelection);
    m_ruleView->verticalHeader()->hide();
    m_ruleView->horizontalHeader()->setSectionResizeMode(RuleModel::EnabledColumn,
                                                         QHeaderView::ResizeToContents);
    m_ruleView->horizontalHeader()->setSectionResizeMode(RuleModel::MatchColumn, QHeaderView::Stretch);
    m_ruleView->horizontalHeader()->setSectionResizeMode(RuleModel::TargetColumn, QHeaderView::Stretch);
    m_ruleView->setMinimumHeight(120);
    m_addRule = button(m_prefixBox, "addPrefixRule");
    m_removeRule = button(m_prefixBox, "removePrefixRule");
    m_ruleUp = button(m_prefixBox, "prefixRuleUp");
    m_ruleDown = button(m_prefixBox, "prefixRuleDown");
    auto *ruleButtons = new QHBoxLayout;
    for (QPushButton *b : {m_addRule, m_removeRule, m_ruleUp, m_ruleDown})
        ruleButtons->addWidget(b);
    ruleButtons->addStretch();
    auto *prefixLayout = new QVBoxLayout(m_prefixBox);
    prefixLayout->addWidget(m_prefixIntro);
    prefixLayout->addWidget(m_ruleView, 1);
    prefixLayout->addLayout(ruleButtons);

    m_save = button(rulesPane, "saveRouting");
    m_save->setDefault(true);
    m_revert = button(rulesPane, "revertRouting");
    m_status = new QLabel(rulesPane);
    m_status->setObjectName(QStringLiteral("routingStatus"));
    m_status->setWordWrap(true);
    auto *saveRow = new QHBoxLayout;
    saveRow->addWidget(m_save);
    saveRow->addWidget(m_revert);
    saveRow->addWidget(m_status, 1);

    auto *rulesLayout = new QVBoxLayout(rulesPane);
    rulesLayout->addWidget(m_scenarioBox);
    rulesLayout->addWidget(m_prefixBox, 1);
    rulesLayout->addLayout(saveRow);
    auto *scroll = new QScrollArea(this);
    scroll->setWidgetResizable(true);
    scroll->setFrameShape(QFrame::NoFrame);
    scroll->setWidget(rulesPane);

    m_tryBox = new QGroupBox(this);
    m_tryIntro = new QLabel(m_tryBox);
    m_tryIntro->setWordWrap(true);
    m_tryInput = new QPlainTextEdit(m_tryBox);
    m_tryInput->setObjectName(QStringLiteral("tryInput"));
    m_tryInput->setTabChangesFocus(true);
    const QFont mono = QFontDatabase::systemFont(QFontDatabase::FixedFont);
    m_tryInput->setFont(mono);
    m_tryInput->setMaximumHeight(140);
    m_keyLabel = new QLabel(m_tryBox);
    m_tryKey = new QComboBox(m_tryBox);
    m_tryKey->setObjectName(QStringLiteral("tryClientKey"));
    m_keyLabel->setBuddy(m_tryKey);
    m_tryButton = button(m_tryBox, "tryRoute");
    m_decision = new QLabel(m_tryBox);
    m_decision->setObjectName(QStringLiteral("tryDecision"));
    m_decision->setWordWrap(true);
    m_decision->setTextInteractionFlags(Qt::TextSelectableByMouse);
    QFont bold = m_decision->font();
    bold.setBold(true);
    m_decision->setFont(bold);
    m_tryResult = new QPlainTextEdit(m_tryBox);
    m_tryResult->setObjectName(QStringLiteral("tryResult"));
    m_tryResult->setReadOnly(true);
    m_tryResult->setFont(mono);
    m_tryResult->setLineWrapMode(QPlainTextEdit::WidgetWidth);
    auto *tryRow = new QHBoxLayout;
    tryRow->addWidget(m_keyLabel);
    tryRow->addWidget(m_tryKey, 1);
    tryRow->addWidget(m_tryButton);
    auto *tryLayout = new QVBoxLayout(m_tryBox);
    tryLayout->addWidget(m_tryIntro);
    tryLayout->addWidget(m_tryInput);
    tryLayout->addLayout(tryRow);
    tryLayout->addWidget(m_decision);
    tryLayout->addWidget(m_tryResult, 1);

    auto *splitter = new QSplitter(Qt::Horizontal, this);
    splitter->addWidget(scroll);
    splitter->addWidget(m_tryBox);
    splitter->setStretchFactor(0, 3);
    splitter->setStretchFactor(1, 2);
    splitter->setChildrenCollapsible(false);

    auto *layout = new QVBoxLayout(this);
    layout->addWidget(m_title);
    layout->addWidget(splitter, 1);

    connect(m_addRule, &QPushButton::clicked, this, [this] {
        const int row = m_rules->addRule(QStringLiteral("gpt-*"), m_targetOptions.value(1));
        m_ruleView->selectRow(row);
        m_ruleView->edit(m_rules->index(row, RuleModel::MatchColumn));
    });
    connect(m_removeRule, &QPushButton::clicked, this, [this] {
        const int row = m_ruleView->currentIndex().row();
        if (row >= 0)
            m_rules->removeRows(row, 1);
    });
    connect(m_ruleUp, &QPushButton::clicked, this, [this] {
        const int row = m_ruleView->currentIndex().row();
        if (m_rules->moveUp(row))
            m_ruleView->selectRow(row - 1);
    });
    connect(m_ruleDown, &QPushButton::clicked, this, [this] {
        const int row = m_ruleView->currentIndex().row();
        if (m_rules->moveDown(row))
            m_ruleView->selectRow(row + 1);
    });
    connect(m_ruleView->selectionModel(), &QItemSelectionModel::currentRowChanged, this,
            &RoutingPage::updateRuleButtons);
    const auto rowsChanged = [this] {
        markDirty();
        updateRuleButtons();
    };
    for (const auto signal : {&QAbstractItemModel::rowsInserted, &QAbstractItemModel::rowsRemoved})
        connect(m_rules, signal, this, rowsChanged);
    connect(m_rules, &QAbstractItemModel::rowsMoved, this, rowsChanged);
    connect(m_rules, &QAbstractItemModel::dataChanged, this, &RoutingPage::markDirty);
    connect(m_save, &QPushButton::clicked, this, &RoutingPage::save);
    connect(m_revert, &QPushButton::clicked, this, [this] {
        m_dirty = false;
        reload();
    });
    connect(m_tryButton, &QPushButton::clicked, this, &RoutingPage::tryRoute);
}

void RoutingPage::reload()
{
    Storage *storage = m_controller ? m_controller->storage() : nullptr;
    if (!storage)
        return;
    m_config = storage->loadConfig();
    m_loading = true;
    fillTargets(m_config);
    for (const ScenarioRow &row : std::as_const(m_scenarioRows)) {
        const RoutingRule *rule = storedScenario(row.match);
        row.target->setCurrentText(rule ? rule->target : QString());
        if (row.match == u"longContext")
            m_threshold->setValue(rule && rule->options.value(ThresholdKey).toDouble() > 0
                                      ? int(rule->options.value(ThresholdKey).toDouble())
                                      : DefaultLongContextThreshold);
    }
    m_rules->setRules(m_config.rules);

    const qint64 key = m_tryKey->currentData().toLongLong();
    m_tryKey->clear();
    m_tryKey->addItem(tr("(no client key)"), qint64(0));
    for (const ClientKey &clientKey : std::as_const(m_config.clientKeys))
        m_tryKey->addItem(QStringLiteral("%1 (%2…)").arg(clientKey.name, clientKey.prefix), clientKey.id);
    m_tryKey->setCurrentIndex(std::max(0, m_tryKey->findData(key)));
    m_loading = false;
    m_dirty = false;
    updateRuleButtons();
}

void RoutingPage::fillTargets(const ConfigData &config)
{
    m_targetOptions = {QString()};
    for (const ModelGroup &group : config.groups)
        m_targetOptions.append(group.name);
    for (const Channel &channel : config.channels) {
        for (const QString &model : channel.models)
            m_targetOptions.append(channel.name + u',' + model);
    }
    for (const Channel &channel : config.channels)
        m_targetOptions.append(channel.name);
    m_targetOptions.removeDuplicates();
    for (const ScenarioRow &row : std::as_const(m_scenarioRows)) {
        const QString text = row.target->currentText();
        row.target->clear();
        row.target->addItems(m_targetOptions);
        row.target->setCurrentText(text);
    }
}

const RoutingRule *RoutingPage::storedScenario(const QString &match) const
{
    // The one the router uses: the enabled rule with the lowest position (router.h); a disabled one
    // when there is nothing else, so editing it revives it.
    const RoutingRule *best = nullptr;
    for (const RoutingRule &rule : m_config.rules) {
        if (rule.kind != u"scenario" || rule.match.trimmed().compare(match, Qt::CaseInsensitive) != 0)
            continue;
        if (!best || (rule.enabled && !best->enabled)
            || (rule.enabled == best->enabled && rule.position < best->position))
            best = &rule;
    }
    return best;
}

QList<RoutingRule> RoutingPage::editedRules() const
{
    QList<RoutingRule> rules;
    // Scenario rules: the edited one per match; other scenario rules (duplicates) stay as stored.
    QList<qint64> edited;
    for (const ScenarioRow &row : m_scenarioRows) {
        const RoutingRule *stored = storedScenario(row.match);
        const QString target = row.target->currentText().trimmed();
        if (stored)
            edited.append(stored->id);
        if (target.isEmpty())
            continue; // no target: the rule goes away
        RoutingRule rule = stored ? *stored : RoutingRule {};
        rule.kind = QStringLiteral("scenario");
        rule.match = row.match;
        rule.target = target;
        rule.enabled = true;
        if (row.match == u"longContext")
            rule.options.insert(ThresholdKey, m_threshold->value());
        rules.append(rule);
    }
    for (const RoutingRule &rule : m_config.rules) {
        if (rule.kind != u"prefix" && !edited.contains(rule.id))
            rules.append(rule);
    }
    rules += m_rules->rules();
    return rules;
}

QString RoutingPage::targetProblem(const QString &target) const
{
    const qsizetype comma = target.indexOf(u',');
    if (comma >= 0) {
        const QString channel = target.left(comma).trimmed();
        if (!m_config.channelByName(channel))
            return tr("%1: there is no channel %2.").arg(target, channel);
        if (target.mid(comma + 1).trimmed().isEmpty())
            return tr("%1: the model after the comma is missing.").arg(target);
        return {};
    }
    if (m_config.groupByName(target) || m_config.channelByName(target))
        return {};
    return tr("%1 is neither a group, a channel nor \"<channel>,<model>\".").arg(target);
}

bool RoutingPage::save()
{
    Storage *storage = m_controller ? m_controller->storage() : nullptr;
    if (!storage)
        return false;
    QList<RoutingRule> rules = editedRules();
    QStringList problems;
    for (const RoutingRule &rule : std::as_const(rules)) {
        if (rule.match.trimmed().isEmpty())
            problems.append(tr("A prefix rule has no glob."));
        else if (const QString problem = targetProblem(rule.target.trimmed()); !problem.isEmpty())
            problems.append(problem);
    }
    if (!problems.isEmpty()) {
        showFeedback(m_status, problems.join(u' '), Tone::Error);
        return false;
    }
    QList<qint64> kept;
    for (const RoutingRule &rule : std::as_const(rules))
        kept.append(rule.id);
    // Each save emits configChanged: dirty keeps the page from reloading halfway; one reload at the end.
    const QList<RoutingRule> stored = m_config.rules;
    m_dirty = true;
    QString error;
    bool ok = true;
    for (const RoutingRule &rule : stored) {
        if (!kept.contains(rule.id) && !storage->deleteRule(rule.id, &error)) {
            ok = false;
            break;
        }
    }
    for (RoutingRule &rule : rules) {
        if (ok && !storage->saveRule(&rule, &error))
            ok = false;
    }
    m_dirty = false;
    reload();
    if (!ok) {
        showFeedback(m_status, tr("Could not save the routing rules: %1").arg(error), Tone::Error);
        return false;
    }
    showFeedback(m_status, tr("Routing saved."));
    return true;
}

void RoutingPage::tryRoute()
{
    // The running config with this page's rules, saved or not: try before you save.
    ConfigSnapshotPtr live = m_controller ? m_controller->snapshot() : nullptr;
    auto snapshot = std::make_shared<ConfigSnapshot>();
    // The config only: routing needs no key material.
    snapshot->config = live ? live->config : m_config;
    snapshot->config.rules = editedRules();
    const RouteExplanation explanation =
        RouteExplainer::explain(*snapshot, m_tryInput->toPlainText(), m_tryKey->currentData().toLongLong());
    if (!explanation.inputOk) {
        showFeedback(m_decision, explanation.inputError, Tone::Warning);
    } else if (!explanation.routed()) {
        showFeedback(m_decision, tr("No route: %1").arg(explanation.decision.error), Tone::Error);
    } else {
        QString step = RouteExplainer::stepTitle(explanation.decision.step);
        if (!explanation.decision.scenario.isEmpty())
            step += QStringLiteral(" (%1)").arg(explanation.decision.scenario);
        showFeedback(m_decision, tr("%1 → %2").arg(step, explanation.candidates.first().label()));
    }
    m_decision->setProperty("step", explanation.decision.step);
    m_tryResult->setPlainText(explanation.text);
}

void RoutingPage::updateRuleButtons()
{
    const int row = m_ruleView->currentIndex().row();
    m_removeRule->setEnabled(row >= 0);
    m_ruleUp->setEnabled(row > 0);
    m_ruleDown->setEnabled(row >= 0 && row + 1 < m_rules->rowCount());
}

void RoutingPage::markDirty()
{
    if (!m_loading)
        m_dirty = true;
}

void RoutingPage::changeEvent(QEvent *event)
{
    if (event->type() == QEvent::LanguageChange)
        retranslate();
    QWidget::changeEvent(event);
}

void RoutingPage::retranslate()
{
    m_title->setText(tr("Routing"));
    m_scenarioBox->setTitle(tr("Scenario targets"));
    m_scenarioIntro->setText(
        tr("Where Claude Code's kinds of requests go. A target is \"<channel>,<model>\", "
           "a model group or a channel. Empty: the scenario is not used."));
    for (const ScenarioRow &row : std::as_const(m_scenarioRows)) {
        if (row.match == u"default") {
            row.label->setText(tr("Default:"));
            row.hint->setText(tr("When nothing else matches."));
        } else if (row.match == u"background") {
            row.label->setText(tr("Background:"));
            row.hint->setText(tr("Haiku-class models and title requests."));
        } else if (row.match == u"think") {
            row.label->setText(tr("Think:"));
            row.hint->setText(tr("Thinking with a budget or a high effort."));
        } else if (row.match == u"longContext") {
            row.label->setText(tr("Long context:"));
            row.hint->setText(tr("Input at or above the threshold."));
        } else if (row.match == u"webSearch") {
            row.label->setText(tr("Web search:"));
            row.hint->setText(tr("A web_search tool is present."));
        } else {
            row.label->setText(tr("Image:"));
            row.hint->setText(tr("Image blocks in the conversation."));
        }
    }
    m_thresholdLabel->setText(tr("Threshold:"));
    m_threshold->setSuffix(tr(" tokens"));
    m_prefixBox->setTitle(tr("Prefix rules"));
    m_prefixIntro->setText(tr("Checked from top to bottom; the first glob (* and ?) matching the requested "
                              "model wins, e.g. gpt-* → a group, claude-* → a channel."));
    m_addRule->setText(tr("Add rule"));
    m_removeRule->setText(tr("Remove"));
    m_ruleUp->setText(tr("Move up"));
    m_ruleDown->setText(tr("Move down"));
    m_save->setText(tr("Save routing"));
    m_revert->setText(tr("Revert"));
    m_tryBox->setTitle(tr("Try a route"));
    m_tryIntro->setText(
        tr("Paste a model name or a whole JSON request (Anthropic or OpenAI). Nothing is sent; "
           "the rules as edited here are used, even before you save."));
    m_tryInput->setPlaceholderText(tr("claude-sonnet-4-5, or {\"model\": ..., \"messages\": [...]}"));
    m_keyLabel->setText(tr("Client key:"));
    if (m_tryKey->count() > 0)
        m_tryKey->setItemText(0, tr("(no client key)"));
    m_tryButton->setText(tr("Try"));
    m_rules->retranslate();
    // The explanation is text in the old language: explain again.
    if (!m_tryResult->toPlainText().isEmpty())
        tryRoute();
}

} // namespace Switchyard
