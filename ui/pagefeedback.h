#pragma once

// Small feedback helpers shared by the pages: a non-blocking confirmation question and a status
// line whose colour says whether it reports success, a warning or an error.

#include <QMessageBox>

#include <functional>

class QAbstractSpinBox;
class QLabel;

namespace Switchyard {

// Asks a question in a window-modal QMessageBox without blocking the caller (open(), not exec(): the
// event loop keeps running, and tests find the box by objectName and click confirmButton()).
// onAccept runs when the user chooses acceptText; Cancel is the default button; the box deletes
// itself when closed.
QMessageBox *askToConfirm(QWidget *parent, const QString &objectName, QMessageBox::Icon icon,
                          const QString &title, const QString &text, const QString &acceptText,
                          std::function<void()> onAccept);
// The accepting button of a box made by askToConfirm.
QAbstractButton *confirmButton(QMessageBox *box);

enum class Tone
{
    Normal,
    Warning,
    Error,
};

// Sets the label's text and colours it by tone (the palette's text colour for Normal).
void showFeedback(QLabel *label, const QString &text, Tone tone = Tone::Normal);

// QAbstractSpinBox::setSpecialValueText() without the stale width: Qt 6.4 drops the cached size
// hint but does not tell the layout, so a longer text (or a longer translation) would be cut off.
void setSpecialValueText(QAbstractSpinBox *spin, const QString &text);

class AppController;

// Reloads a page when the store changes elsewhere (import, admin API, another page), unless the user
// has unsaved edits on it: those win until saved or reverted.
void followStore(QObject *page, AppController *controller, std::function<bool()> hasEdits,
                 std::function<void()> reload);

} // namespace Switchyard
