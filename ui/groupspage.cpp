#include "groupspage.h"

#include "appcontroller.h"
#include "groupmodel.h"
#include "membermodel.h"
#include "pagefeedback.h"
#include "storage.h"
#include "strategies.h"
#include "timepolicyeditor.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDoubleSpinBox>
#include <QDrag>
#include <QEvent>
#include <QFormLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QItemSelectionModel>
#include <QJsonObject>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QScrollArea>
#include <QSplitter>
#include <QStyledItemDelegate>
#include <QTableView>
#include <QVBoxLayout>

namespace Switchyard {

namespace {

const char *const HybridKeys[] = {"latency", "cost", "success", "budget", "context"};

// QAbstractItemView removes the dragged rows after a successful move drop, which suits moving
// between two views but not reordering one: MemberModel::dropMimeData already moved them.
class MemberTableView : public QTableView
{
public:
    using QTableView::QTableView;

protected:
    void startDrag(Qt::DropActions supportedActions) override
    {
        const QModelIndexList indexes = selectionModel()->selectedRows();
        if (indexes.isEmpty() || !(supportedActions & Qt::MoveAction))
            return;
        auto *drag = new QDrag(this);
        drag->setMimeData(model()->mimeData(indexes));
        drag->exec(Qt::MoveAction, Qt::MoveAction);
    }
};

// The channel column edits with a list of the channels.
class ChannelDelegate : public QStyledItemDelegate
{
public:
    ChannelDelegate(MemberModel *model, QObject *parent)
        : QStyledItemDelegate(parent)
        , m_model(model)
    {
    }

    QWidget *createEditor(QWidget *parent, const QStyleOptionViewItem &option,
                          const QModelIndex &index) const override
    {
        if (index.column() != MemberModel::ChannelColumn)
            return QStyledItemDelegate::createEditor(parent, option, index);
        auto *combo = new QComboBox(parent);
        for (const Channel &channel : m_model->channels())
            combo->addItem(channel.name);
        return combo;
    }
    void setEditorData(QWidget *editor, const QModelIndex &index) const override
    {
        if (auto *combo = qobject_cast<QComboBox *>(editor);
            combo && index.column() == MemberModel::ChannelColumn)
            combo->setCurrentText(index.data(Qt::EditRole).toString());
        else
            QStyledItemDelegate::setEditorData(editor, index);
    }
    void setModelData(QWidget *editor, QAbstractItemModel *model, const QModelIndex &index) const override
    {
        if (auto *combo = qobject_cast<QComboBox *>(editor);
            combo && index.column() == MemberModel::ChannelColumn)
            model->setData(index, combo->currentText());
        else
            QStyledItemDelegate::setModelData(editor, model, index);
    }

private:
    MemberModel *m_model;
};

QDoubleSpinBox *moneySpin(QWidget *parent, const char *name)
{
    auto *spin = new QDoubleSpinBox(parent);
    spin->setObjectName(QLatin1String(name));
    spin->setRange(0, 1e6);
    spin->setDecimals(2);
    spin->setPrefix(QStringLiteral("$ "));
    return spin;
}

} // namespace

GroupsPage::GroupsPage(AppController *controller, QWidget *parent)
    : QWidget(parent)
    , m_controller(controller)
    , m_groups(new GroupModel(this))
    , m_members(new MemberModel(this))
{
    buildForm();
    retranslate();
    followStore(
        this, m_controller, [this] { return m_dirty; }, [this] { reload(); });
    reload();
}

void GroupsPage::buildForm()
{
    m_title = new QLabel(this);
    QFont titleFont = m_title->font();
    titleFont.setPointSizeF(titleFont.pointSizeF() * 1.3);
    titleFont.setBold(true);
    m_title->setFont(titleFont);
    m_intro = new QLabel(this);
    m_intro->setWordWrap(true);

    // Left: the groups.
    auto *left = new QWidget(this);
    m_groupView = new QTableView(left);
    m_groupView->setObjectName(QStringLiteral("groupList"));
    m_groupView->setModel(m_groups);
    m_groupView->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_groupView->setSelectionMode(QAbstractItemView::SingleSelection);
    m_groupView->verticalHeader()->hide();
    m_groupView->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    m_groupView->horizontalHeader()->setStretchLastSection(true);
    m_new = new QPushButton(left);
    m_new->setObjectName(QStringLiteral("newGroup"));
    m_delete = new QPushButton(left);
    m_delete->setObjectName(QStringLiteral("deleteGroup"));
    auto *leftButtons = new QHBoxLayout;
    leftButtons->addWidget(m_new);
    leftButtons->addWidget(m_delete);
    leftButtons->addStretch();
    auto *leftLayout = new QVBoxLayout(left);
    leftLayout->setContentsMargins(0, 0, 0, 0);
    leftLayout->addWidget(m_groupView);
    leftLayout->addLayout(leftButtons);

    // Right: the editor.
    auto *editor = new QWidget;
    m_groupBox = new QGroupBox(editor);
    m_nameLabel = new QLabel(m_groupBox);
    m_name = new QLineEdit(m_groupBox);
    m_name->setObjectName(QStringLiteral("groupName"));
    m_strategyLabel = new QLabel(m_groupBox);
    m_strategy = new QComboBox(m_groupBox);
    m_strategy->setObjectName(QStringLiteral("groupStrategy"));
    m_enabled = new QCheckBox(m_groupBox);
    m_enabled->setObjectName(QStringLiteral("groupEnabled"));
    m_budgetLabel = new QLabel(m_groupBox);
    m_dailyBudget = moneySpin(m_groupBox, "groupDailyBudget");
    m_maxCostLabel = new QLabel(m_groupBox);
    m_maxCost = moneySpin(m_groupBox, "groupMaxCost");
    m_maxCost->setDecimals(4);
    m_pinnedLabel = new QLabel(m_groupBox);
    m_pinned = new QComboBox(m_groupBox);
    m_pinned->setObjectName(QStringLiteral("pinnedMember"));

    m_hybridBox = new QGroupBox(m_groupBox);
    m_hybridBox->setObjectName(QStringLiteral("hybridWeights"));
    // One row: the five weights fit side by side and keep the form short.
    auto *hybridLayout = new QHBoxLayout(m_hybridBox);
    const HybridWeights defaults;
    const double defaultValues[] = {defaults.latency, defaults.cost, defaults.success, defaults.budget,
                                    defaults.context};
    for (int i = 0; i < 5; ++i) {
        auto *label = new QLabel(m_hybridBox);
        auto *spin = new QDoubleSpinBox(m_hybridBox);
        spin->setObjectName(QStringLiteral("hybrid_%1").arg(QLatin1String(HybridKeys[i])));
        spin->setRange(0, 10);
        spin->setSingleStep(0.05);
        spin->setValue(defaultValues[i]);
        label->setBuddy(spin);
        hybridLayout->addWidget(label);
        hybridLayout->addWidget(spin);
        hybridLayout->addSpacing(8);
        m_weightLabels.append(label);
        m_weights.append(spin);
        connect(spin, &QDoubleSpinBox::valueChanged, this, &GroupsPage::markDirty);
    }
    hybridLayout->addStretch();

    m_name->setMinimumWidth(260);
    auto *groupForm = new QFormLayout(m_groupBox);
    groupForm->setFieldGrowthPolicy(QFormLayout::FieldsStayAtSizeHint);
    groupForm->addRow(m_nameLabel, m_name);
    groupForm->addRow(m_strategyLabel, m_strategy);
    groupForm->addRow(m_pinnedLabel, m_pinned);
    groupForm->addRow(QString(), m_hybridBox);
    groupForm->addRow(QString(), m_enabled);
    groupForm->addRow(m_budgetLabel, m_dailyBudget);
    groupForm->addRow(m_maxCostLabel, m_maxCost);

    m_membersBox = new QGroupBox(editor);
    m_memberView = new MemberTableView(m_membersBox);
    m_memberView->setObjectName(QStringLiteral("memberTable"));
    m_memberView->setModel(m_members);
    m_memberView->setItemDelegate(new ChannelDelegate(m_members, m_memberView));
    m_memberView->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_memberView->setSelectionMode(QAbstractItemView::SingleSelection);
    m_memberView->setDragEnabled(true);
    m_memberView->setAcceptDrops(true);
    m_memberView->setDropIndicatorShown(true);
    m_memberView->setDragDropMode(QAbstractItemView::DragDrop);
    m_memberView->setDefaultDropAction(Qt::MoveAction);
    m_memberView->setDragDropOverwriteMode(false);
    m_memberView->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    m_memberView->horizontalHeader()->setStretchLastSection(true);
    m_memberView->verticalHeader()->hide();
    m_memberView->setMinimumHeight(130);
    m_memberView->setMaximumHeight(240);
    m_newChannel = new QComboBox(m_membersBox);
    m_newChannel->setObjectName(QStringLiteral("newMemberChannel"));
    m_newModel = new QComboBox(m_membersBox);
    m_newModel->setObjectName(QStringLiteral("newMemberModel"));
    m_newModel->setEditable(true);
    m_newModel->setMinimumContentsLength(16);
    m_addMember = new QPushButton(m_membersBox);
    m_addMember->setObjectName(QStringLiteral("addMember"));
    m_removeMember = new QPushButton(m_membersBox);
    m_removeMember->setObjectName(QStringLiteral("removeMember"));
    m_up = new QPushButton(m_membersBox);
    m_up->setObjectName(QStringLiteral("memberUp"));
    m_down = new QPushButton(m_membersBox);
    m_down->setObjectName(QStringLiteral("memberDown"));
    m_dragHint = new QLabel(m_membersBox);
    m_dragHint->setWordWrap(true);
    auto *addRow = new QHBoxLayout;
    addRow->addWidget(m_newChannel);
    addRow->addWidget(m_newModel, 1);
    addRow->addWidget(m_addMember);
    auto *moveRow = new QHBoxLayout;
    moveRow->addWidget(m_up);
    moveRow->addWidget(m_down);
    moveRow->addWidget(m_removeMember);
    moveRow->addWidget(m_dragHint, 1);
    auto *membersLayout = new QVBoxLayout(m_membersBox);
    membersLayout->addWidget(m_memberView);
    membersLayout->addLayout(moveRow);
    membersLayout->addLayout(addRow);

    m_policyBox = new QGroupBox(editor);
    m_policies = new TimePolicyEditor(m_policyBox);
    auto *policyLayout = new QVBoxLayout(m_policyBox);
    policyLayout->addWidget(m_policies);

    m_save = new QPushButton(editor);
    m_save->setObjectName(QStringLiteral("saveGroup"));
    m_save->setDefault(true);
    m_revert = new QPushButton(editor);
    m_revert->setObjectName(QStringLiteral("revertGroup"));
    m_status = new QLabel(editor);
    m_status->setObjectName(QStringLiteral("groupStatus"));
    m_status->setWordWrap(true);
    auto *saveRow = new QHBoxLayout;
    saveRow->addWidget(m_save);
    saveRow->addWidget(m_revert);
    saveRow->addWidget(m_status, 1);

    auto *editorLayout = new QVBoxLayout(editor);
    editorLayout->addWidget(m_groupBox);
    editorLayout->addWidget(m_membersBox);
    editorLayout->addWidget(m_policyBox);
    editorLayout->addLayout(saveRow);
    editorLayout->addStretch(1);
    auto *scroll = new QScrollArea(this);
    scroll->setWidgetResizable(true);
    scroll->setFrameShape(QFrame::NoFrame);
    scroll->setWidget(editor);

    // The list on top, the editor under it: the member table needs the full width.
    m_groupView->setMinimumHeight(90);
    auto *splitter = new QSplitter(Qt::Vertical, this);
    splitter->addWidget(left);
    splitter->addWidget(scroll);
    splitter->setStretchFactor(0, 1);
    splitter->setStretchFactor(1, 4);
    splitter->setChildrenCollapsible(false);

    auto *layout = new QVBoxLayout(this);
    layout->addWidget(m_title);
    layout->addWidget(m_intro);
    layout->addWidget(splitter, 1);

    connect(m_groupView->selectionModel(), &QItemSelectionModel::currentRowChanged, this,
            &GroupsPage::selectionChanged);
    connect(m_new, &QPushButton::clicked, this, &GroupsPage::newGroup);
    connect(m_delete, &QPushButton::clicked, this, &GroupsPage::confirmDelete);
    connect(m_save, &QPushButton::clicked, this, &GroupsPage::save);
    connect(m_revert, &QPushButton::clicked, this, [this] {
        m_dirty = false;
        reload();
    });
    connect(m_name, &QLineEdit::textEdited, this, &GroupsPage::markDirty);
    connect(m_strategy, &QComboBox::currentIndexChanged, this, &GroupsPage::strategyChanged);
    connect(m_pinned, &QComboBox::currentIndexChanged, this, &GroupsPage::markDirty);
    connect(m_enabled, &QCheckBox::toggled, this, &GroupsPage::markDirty);
    connect(m_dailyBudget, &QDoubleSpinBox::valueChanged, this, &GroupsPage::markDirty);
    connect(m_maxCost, &QDoubleSpinBox::valueChanged, this, &GroupsPage::markDirty);
    connect(m_policies, &TimePolicyEditor::changed, this, &GroupsPage::markDirty);
    connect(m_newChannel, &QComboBox::currentIndexChanged, this, &GroupsPage::refreshMemberInputs);

    // Member list changes: priorities, labels for time policies and the pinned member.
    const auto membersChanged = [this] {
        refreshPinned();
        m_policies->setMemberLabels([this] {
            QStringList labels;
            for (int row = 0; row < m_members->rowCount(); ++row)
                labels.append(m_members->memberLabel(row));
            return labels;
        }());
        updateMemberButtons();
    };
    connect(m_members, &QAbstractItemModel::modelReset, this, membersChanged);
    const auto membersEdited = [this, membersChanged] {
        membersChanged();
        markDirty();
    };
    for (const auto signal : {&QAbstractItemModel::rowsInserted, &QAbstractItemModel::rowsRemoved})
        connect(m_members, signal, this, membersEdited);
    connect(m_members, &QAbstractItemModel::rowsMoved, this, membersEdited);
    connect(m_members, &QAbstractItemModel::dataChanged, this, membersEdited);
    connect(m_memberView->selectionModel(), &QItemSelectionModel::currentRowChanged, this,
            &GroupsPage::updateMemberButtons);
    connect(m_addMember, &QPushButton::clicked, this, [this] {
        const qint64 channelId = m_newChannel->currentData().toLongLong();
        const QString model = m_newModel->currentText().trimmed();
        if (channelId == 0 || model.isEmpty()) {
            showFeedback(m_status, tr("Pick a channel and a model to add."), Tone::Warning);
            return;
        }
        m_memberView->selectRow(m_members->addMember(channelId, model));
    });
    connect(m_removeMember, &QPushButton::clicked, this, [this] {
        const int row = m_memberView->currentIndex().row();
        if (row >= 0)
            m_members->removeRows(row, 1);
    });
    connect(m_up, &QPushButton::clicked, this, [this] {
        const int row = m_memberView->currentIndex().row();
        if (m_members->moveUp(row))
            m_memberView->selectRow(row - 1);
    });
    connect(m_down, &QPushButton::clicked, this, [this] {
        const int row = m_memberView->currentIndex().row();
        if (m_members->moveDown(row))
            m_memberView->selectRow(row + 1);
    });
}

void GroupsPage::reload()
{
    Storage *storage = m_controller ? m_controller->storage() : nullptr;
    if (!storage)
        return;
    const ConfigData config = storage->loadConfig();
    const qint64 keep = m_current.id;
    m_channels = config.channels;
    m_members->setChannels(m_channels);
    m_loading = true;
    m_groups->setGroups(config.groups);
    m_loading = false;

    m_newChannel->blockSignals(true);
    const QString channel = m_newChannel->currentText();
    m_newChannel->clear();
    for (const Channel &c : std::as_const(m_channels))
        m_newChannel->addItem(c.name, c.id);
    m_newChannel->setCurrentIndex(std::max(0, m_newChannel->findText(channel)));
    m_newChannel->blockSignals(false);
    refreshMemberInputs();

    const int row = keep != 0 ? m_groups->rowOf(keep) : -1;
    if (row >= 0) {
        m_groupView->selectRow(row);
        showGroup(config.groups.at(row));
    } else if (!config.groups.isEmpty()) {
        m_groupView->selectRow(0);
        showGroup(config.groups.first());
    } else {
        showGroup(ModelGroup {});
    }
}

void GroupsPage::newGroup()
{
    m_groupView->clearSelection();
    m_groupView->setCurrentIndex({});
    ModelGroup group;
    group.name = QStringLiteral("auto:");
    showGroup(group);
    m_name->setFocus();
    m_dirty = true;
}

void GroupsPage::selectionChanged()
{
    if (m_loading)
        return;
    const int row = m_groupView->selectionModel()->currentIndex().row();
    if (row >= 0 && row < m_groups->groups().size() && m_groups->groups().at(row).id != m_current.id)
        showGroup(m_groups->groups().at(row));
}

void GroupsPage::showGroup(const ModelGroup &group)
{
    m_loading = true;
    m_current = group;
    m_name->setText(group.name);
    // Aliases ("wrr", "cost") show as their canonical entry.
    const std::optional<Strategy> strategy = strategyFromString(group.strategy);
    m_strategy->setCurrentIndex(
        std::max(0, m_strategy->findData(strategy ? strategyName(*strategy) : group.strategy)));
    m_enabled->setChecked(group.enabled);
    m_dailyBudget->setValue(group.dailyBudget);
    m_maxCost->setValue(group.maxCostPerRequest);
    const HybridWeights weights =
        HybridWeights::fromJson(group.options.value(QStringLiteral("hybridWeights")).toObject());
    const double values[] = {weights.latency, weights.cost, weights.success, weights.budget, weights.context};
    for (int i = 0; i < 5; ++i)
        m_weights.at(i)->setValue(values[i]);
    m_members->setMembers(group.members);
    m_policies->load(group.options);
    refreshPinned();
    const QString pinned = group.options.value(QStringLiteral("pinned")).toVariant().toString();
    m_pinned->setCurrentIndex(std::max(0, m_pinned->findData(pinned)));
    m_loading = false;
    m_dirty = false;
    m_delete->setEnabled(group.id != 0);
    strategyChanged();
    m_dirty = false;
    updateMemberButtons();
    showFeedback(m_status, QString());
}

ModelGroup GroupsPage::editedGroup() const
{
    ModelGroup group = m_current;
    group.name = m_name->text().trimmed();
    group.strategy = m_strategy->currentData().toString();
    group.enabled = m_enabled->isChecked();
    group.dailyBudget = m_dailyBudget->value();
    group.maxCostPerRequest = m_maxCost->value();
    group.members = m_members->members();
    if (group.strategy == strategyName(Strategy::Hybrid)) {
        QJsonObject weights;
        for (int i = 0; i < 5; ++i)
            weights.insert(QLatin1String(HybridKeys[i]), m_weights.at(i)->value());
        group.options.insert(QStringLiteral("hybridWeights"), weights);
    }
    if (group.strategy == strategyName(Strategy::Specified) && m_pinned->currentIndex() >= 0)
        group.options.insert(QStringLiteral("pinned"), m_pinned->currentData().toString());
    m_policies->store(&group.options);
    return group;
}

QString GroupsPage::validate(const ModelGroup &group) const
{
    if (group.name.isEmpty())
        return tr("The group needs a name: the model name clients ask for, such as auto:fast.");
    if (group.name.contains(u','))
        return tr("A group name cannot contain a comma: \"<channel>,<model>\" names a channel's model.");
    for (const ModelGroup &other : m_groups->groups()) {
        if (other.id != group.id && other.name == group.name)
            return tr("Another group is already called %1.").arg(group.name);
    }
    for (const Channel &channel : m_channels) {
        if (channel.models.contains(group.name))
            return tr("Channel %1 offers a model called %2; pick another group name.")
                .arg(channel.name, group.name);
    }
    return {};
}

bool GroupsPage::save()
{
    Storage *storage = m_controller ? m_controller->storage() : nullptr;
    if (!storage)
        return false;
    ModelGroup group = editedGroup();
    if (const QString problem = validate(group); !problem.isEmpty()) {
        showFeedback(m_status, problem, Tone::Error);
        return false;
    }
    // Saving emits configChanged; the page stays dirty until then so it does not reload halfway.
    m_dirty = true;
    QString error;
    if (!storage->saveGroup(&group, &error)) {
        showFeedback(m_status, tr("Could not save the group: %1").arg(error), Tone::Error);
        return false;
    }
    m_dirty = false;
    m_current.id = group.id;
    reload();
    showFeedback(m_status, tr("Saved %1.").arg(group.name));
    return true;
}

void GroupsPage::confirmDelete()
{
    if (m_current.id == 0)
        return;
    const qint64 id = m_current.id;
    const QString name = m_current.name;
    askToConfirm(
        this, QStringLiteral("confirmDeleteGroup"), QMessageBox::Warning, tr("Delete group"),
        tr("Delete the model group %1? Clients asking for it get routed by the other rules.").arg(name),
        tr("Delete"), [this, id, name] {
            QString error;
            if (!m_controller->storage()->deleteGroup(id, &error)) {
                showFeedback(m_status, tr("Could not delete %1: %2").arg(name, error), Tone::Error);
                return;
            }
            m_current = ModelGroup {};
            m_dirty = false;
            reload();
            showFeedback(m_status, tr("Deleted %1.").arg(name));
        });
}

void GroupsPage::strategyChanged()
{
    const QString strategy = m_strategy->currentData().toString();
    m_hybridBox->setVisible(strategy == strategyName(Strategy::Hybrid));
    const bool pinned = strategy == strategyName(Strategy::Specified);
    m_pinned->setVisible(pinned);
    m_pinnedLabel->setVisible(pinned);
    markDirty();
}

void GroupsPage::refreshPinned()
{
    const QString current = m_pinned->currentData().toString();
    const bool wasLoading = m_loading;
    m_loading = true;
    m_pinned->clear();
    for (int row = 0; row < m_members->rowCount(); ++row)
        m_pinned->addItem(m_members->memberLabel(row), m_members->memberLabel(row));
    m_pinned->setCurrentIndex(std::max(0, m_pinned->findData(current)));
    m_loading = wasLoading;
}

void GroupsPage::refreshMemberInputs()
{
    const qint64 channelId = m_newChannel->currentData().toLongLong();
    const QString typed = m_newModel->currentText();
    m_newModel->clear();
    for (const Channel &channel : std::as_const(m_channels)) {
        if (channel.id == channelId)
            m_newModel->addItems(channel.models);
    }
    if (!typed.isEmpty() && m_newModel->findText(typed) >= 0)
        m_newModel->setCurrentText(typed);
    m_addMember->setEnabled(!m_channels.isEmpty());
}

void GroupsPage::updateMemberButtons()
{
    const int row = m_memberView->currentIndex().row();
    m_removeMember->setEnabled(row >= 0);
    m_up->setEnabled(row > 0);
    m_down->setEnabled(row >= 0 && row + 1 < m_members->rowCount());
}

void GroupsPage::markDirty()
{
    if (!m_loading)
        m_dirty = true;
}

void GroupsPage::changeEvent(QEvent *event)
{
    if (event->type() == QEvent::LanguageChange)
        retranslate();
    QWidget::changeEvent(event);
}

void GroupsPage::retranslate()
{
    m_title->setText(tr("Model groups"));
    m_intro->setText(tr("A group is a virtual model (such as auto:fast) that clients ask for by name. Its "
                        "members are tried in the order of the strategy; the list order is their priority."));
    m_new->setText(tr("New group"));
    m_delete->setText(tr("Delete"));
    m_groupBox->setTitle(tr("Group"));
    m_nameLabel->setText(tr("Name (model):"));
    m_name->setPlaceholderText(tr("auto:fast"));
    m_strategyLabel->setText(tr("Strategy:"));
    m_enabled->setText(tr("Enabled"));
    m_budgetLabel->setText(tr("Daily budget:"));
    m_dailyBudget->setSpecialValueText(tr("unlimited"));
    m_maxCostLabel->setText(tr("Max cost per request:"));
    m_maxCost->setSpecialValueText(tr("unlimited"));
    m_pinnedLabel->setText(tr("Pinned member:"));
    m_hybridBox->setTitle(tr("Hybrid weights"));
    const QString weightNames[] = {tr("Latency:"), tr("Cost:"), tr("Success rate:"), tr("Remaining budget:"),
                                   tr("Context fit:")};
    for (int i = 0; i < 5; ++i)
        m_weightLabels.at(i)->setText(weightNames[i]);
    m_membersBox->setTitle(tr("Members"));
    m_addMember->setText(tr("Add member"));
    m_removeMember->setText(tr("Remove"));
    m_up->setText(tr("Move up"));
    m_down->setText(tr("Move down"));
    m_dragHint->setText(tr("Drag rows to reorder. Unticked tags: the member is not filtered for them."));
    m_policyBox->setTitle(tr("Time policies"));
    m_save->setText(tr("Save group"));
    m_revert->setText(tr("Revert"));

    const bool wasLoading = m_loading;
    m_loading = true;
    const QString strategy = m_strategy->currentData().toString();
    m_strategy->clear();
    for (const QString &name : GroupModel::strategyNames())
        m_strategy->addItem(GroupModel::strategyTitle(name), name);
    m_strategy->setCurrentIndex(std::max(0, m_strategy->findData(strategy)));
    m_loading = wasLoading;
    m_groups->retranslate();
    m_members->retranslate();
}

} // namespace Switchyard
