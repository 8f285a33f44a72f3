#include "timepolicyeditor.h"

#include "groupmodel.h"
#include "timepolicymodel.h"

#include <QCheckBox>
#include <QComboBox>
#include <QEvent>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QPushButton>
#include <QTableView>
#include <QTime>
#include <QTimeEdit>
#include <QVBoxLayout>

namespace Switchyard {

namespace {

QTime timeOf(int minute)
{
    return minute >= 24 * 60 ? QTime(0, 0) : QTime(minute / 60, minute % 60);
}

int minuteOf(const QTime &time)
{
    return time.hour() * 60 + time.minute();
}

} // namespace

TimePolicyEditor::TimePolicyEditor(QWidget *parent)
    : QWidget(parent)
    , m_model(new TimePolicyModel(this))
    , m_view(new QTableView(this))
    , m_add(new QPushButton(this))
    , m_remove(new QPushButton(this))
    , m_nameLabel(new QLabel(this))
    , m_name(new QLineEdit(this))
    , m_daysLabel(new QLabel(this))
    , m_windowLabel(new QLabel(this))
    , m_from(new QTimeEdit(this))
    , m_to(new QTimeEdit(this))
    , m_windowHint(new QLabel(this))
    , m_strategyLabel(new QLabel(this))
    , m_strategy(new QComboBox(this))
    , m_membersLabel(new QLabel(this))
    , m_members(new QListWidget(this))
    , m_errors(new QLabel(this))
    , m_form(new QWidget(this))
{
    m_view->setObjectName(QStringLiteral("timePolicyTable"));
    m_view->setModel(m_model);
    m_view->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_view->setSelectionMode(QAbstractItemView::SingleSelection);
    m_view->verticalHeader()->hide();
    m_view->horizontalHeader()->setStretchLastSection(true);
    m_view->setMinimumHeight(90);
    m_view->setMaximumHeight(150);
    m_add->setObjectName(QStringLiteral("addTimePolicy"));
    m_remove->setObjectName(QStringLiteral("removeTimePolicy"));
    m_name->setObjectName(QStringLiteral("timePolicyName"));
    m_from->setObjectName(QStringLiteral("timePolicyFrom"));
    m_to->setObjectName(QStringLiteral("timePolicyTo"));
    m_strategy->setObjectName(QStringLiteral("timePolicyStrategy"));
    m_members->setObjectName(QStringLiteral("timePolicyMembers"));
    m_from->setDisplayFormat(QStringLiteral("HH:mm"));
    m_to->setDisplayFormat(QStringLiteral("HH:mm"));
    m_members->setMaximumHeight(110);
    m_errors->setWordWrap(true);
    m_errors->setObjectName(QStringLiteral("timePolicyErrors"));
    m_windowHint->setWordWrap(true);

    auto *buttons = new QHBoxLayout;
    buttons->addWidget(m_add);
    buttons->addWidget(m_remove);
    buttons->addStretch();

    auto *days = new QHBoxLayout;
    for (int day = 1; day <= 7; ++day) {
        auto *box = new QCheckBox(this);
        box->setObjectName(QStringLiteral("timePolicyDay%1").arg(day));
        days->addWidget(box);
        m_days.append(box);
        connect(box, &QCheckBox::toggled, this, &TimePolicyEditor::writeForm);
    }
    days->addStretch();
    auto *window = new QHBoxLayout;
    window->addWidget(m_from);
    window->addWidget(new QLabel(QStringLiteral("–"), this));
    window->addWidget(m_to);
    window->addWidget(m_windowHint, 1);

    auto *form = new QFormLayout(m_form);
    form->setContentsMargins(0, 0, 0, 0);
    form->addRow(m_nameLabel, m_name);
    form->addRow(m_daysLabel, days);
    form->addRow(m_windowLabel, window);
    form->addRow(m_strategyLabel, m_strategy);
    form->addRow(m_membersLabel, m_members);

    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_view);
    layout->addLayout(buttons);
    layout->addWidget(m_form);
    layout->addWidget(m_errors);

    connect(m_add, &QPushButton::clicked, this, [this] {
        const int row = m_model->addPolicy();
        m_view->selectRow(row);
        Q_EMIT changed();
    });
    connect(m_remove, &QPushButton::clicked, this, [this] {
        const int row = currentRow();
        if (row >= 0 && m_model->removeRows(row, 1)) {
            m_view->selectRow(std::min(row, m_model->rowCount() - 1));
            showCurrent();
            Q_EMIT changed();
        }
    });
    connect(m_view->selectionModel(), &QItemSelectionModel::currentRowChanged, this,
            &TimePolicyEditor::showCurrent);
    connect(m_model, &QAbstractItemModel::modelReset, this, &TimePolicyEditor::showCurrent);
    connect(m_name, &QLineEdit::textEdited, this, &TimePolicyEditor::writeForm);
    connect(m_from, &QTimeEdit::timeChanged, this, &TimePolicyEditor::writeForm);
    connect(m_to, &QTimeEdit::timeChanged, this, &TimePolicyEditor::writeForm);
    connect(m_strategy, &QComboBox::currentIndexChanged, this, &TimePolicyEditor::writeForm);
    connect(m_members, &QListWidget::itemChanged, this, &TimePolicyEditor::writeForm);

    retranslate();
    showCurrent();
}

void TimePolicyEditor::load(const QJsonObject &groupOptions)
{
    m_loadErrors.clear();
    m_model->setFromOptions(groupOptions, &m_loadErrors);
    m_errors->setVisible(!m_loadErrors.isEmpty());
    retranslate();
    if (m_model->rowCount() > 0)
        m_view->selectRow(0);
    showCurrent();
}

void TimePolicyEditor::store(QJsonObject *groupOptions) const
{
    if (m_model->rowCount() == 0)
        groupOptions->remove(QStringLiteral("timePolicies"));
    else
        groupOptions->insert(QStringLiteral("timePolicies"), m_model->toJson());
}

void TimePolicyEditor::setMemberLabels(const QStringList &labels)
{
    m_memberLabels = labels;
    showCurrent();
}

int TimePolicyEditor::currentRow() const
{
    const QModelIndex current = m_view->selectionModel()->currentIndex();
    return current.isValid() ? current.row() : -1;
}

void TimePolicyEditor::showCurrent()
{
    const int row = currentRow();
    m_form->setEnabled(row >= 0);
    m_remove->setEnabled(row >= 0);
    const TimeWindowPolicy policy = row >= 0 ? m_model->policy(row) : TimeWindowPolicy {};
    m_updating = true;
    m_name->setText(policy.name);
    for (int day = 1; day <= 7; ++day)
        m_days.at(day - 1)->setChecked(row >= 0 && policy.coversDay(day));
    m_from->setTime(timeOf(policy.fromMinute));
    m_to->setTime(timeOf(policy.toMinute));
    const int strategyIndex = m_strategy->findData(policy.strategy);
    m_strategy->setCurrentIndex(std::max(0, strategyIndex));
    m_members->clear();
    // Names in the policy that are no longer members stay listed (checked), so saving keeps them.
    QStringList labels = m_memberLabels;
    for (const QString &name : policy.members) {
        if (!labels.contains(name))
            labels.append(name);
    }
    for (const QString &label : std::as_const(labels)) {
        auto *item = new QListWidgetItem(label, m_members);
        item->setFlags(Qt::ItemIsEnabled | Qt::ItemIsUserCheckable);
        item->setCheckState(policy.members.contains(label) ? Qt::Checked : Qt::Unchecked);
    }
    m_updating = false;
}

void TimePolicyEditor::writeForm()
{
    const int row = currentRow();
    if (m_updating || row < 0)
        return;
    TimeWindowPolicy policy = m_model->policy(row);
    policy.name = m_name->text().trimmed();
    policy.days = 0;
    for (int day = 1; day <= 7; ++day) {
        if (m_days.at(day - 1)->isChecked())
            policy.days |= quint8(1u << (day - 1));
    }
    policy.fromMinute = minuteOf(m_from->time());
    policy.toMinute = minuteOf(m_to->time());
    policy.strategy = m_strategy->currentData().toString();
    policy.members.clear();
    for (int i = 0; i < m_members->count(); ++i) {
        if (m_members->item(i)->checkState() == Qt::Checked)
            policy.members.append(m_members->item(i)->text());
    }
    m_model->setPolicy(row, policy);
    Q_EMIT changed();
}

void TimePolicyEditor::changeEvent(QEvent *event)
{
    if (event->type() == QEvent::LanguageChange)
        retranslate();
    QWidget::changeEvent(event);
}

void TimePolicyEditor::retranslate()
{
    m_add->setText(tr("Add time policy"));
    m_remove->setText(tr("Remove"));
    m_nameLabel->setText(tr("Name:"));
    m_daysLabel->setText(tr("Days:"));
    m_windowLabel->setText(tr("Time:"));
    m_windowHint->setText(tr("Same start and end: all day. An end before the start runs past midnight."));
    m_strategyLabel->setText(tr("Strategy:"));
    m_membersLabel->setText(tr("Only members:"));
    m_members->setToolTip(tr("None checked: all members."));
    for (int day = 1; day <= 7; ++day)
        m_days.at(day - 1)->setText(TimePolicyModel::dayName(day));
    m_errors->setText(tr("Unreadable entries are left out and will be dropped on save: %1")
                          .arg(m_loadErrors.join(QStringLiteral("; "))));

    const bool wasUpdating = m_updating;
    m_updating = true;
    const QString current = m_strategy->currentData().toString();
    m_strategy->clear();
    m_strategy->addItem(tr("(the group's strategy)"), QString());
    for (const QString &name : GroupModel::strategyNames())
        m_strategy->addItem(GroupModel::strategyTitle(name), name);
    m_strategy->setCurrentIndex(std::max(0, m_strategy->findData(current)));
    m_updating = wasUpdating;
    m_model->retranslate();
}

} // namespace Switchyard
