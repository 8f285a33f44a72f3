#pragma once

// Screenshots of one page in English and Simplified Chinese, for a person to look at (text cut off or
// overlapping). Written to $SWITCHYARD_SHOT_DIR, or ./screenshots (the build tree under ctest).
// $SWITCHYARD_EXTRA_QM may name one more .qm installed with zh_CN: strings a helper added before the
// lead merged them into translations/*.ts.

#include "languagemanager.h"

#include <QCoreApplication>
#include <QDir>
#include <QTest>
#include <QTranslator>
#include <QWidget>

namespace Switchyard::Test {

// Lets the LanguageChange events and the layout requests they cause run before a grab.
inline void settle()
{
    for (int round = 0; round < 3; ++round) {
        QCoreApplication::sendPostedEvents();
        QCoreApplication::processEvents();
    }
}

inline QString shotDir()
{
    const QString dir = qEnvironmentVariableIsEmpty("SWITCHYARD_SHOT_DIR")
        ? QDir::current().filePath(QStringLiteral("screenshots"))
        : qEnvironmentVariable("SWITCHYARD_SHOT_DIR");
    QDir().mkpath(dir);
    return dir;
}

// Saves <name>-en.png and <name>-zh_CN.png and leaves the application in English. False when a file
// could not be written.
inline bool savePageShots(QWidget *page, const QString &name)
{
    LanguageManager languages;
    QTranslator extra;
    bool ok = languages.setLanguage(QStringLiteral("en"));
    settle();
    ok = ok && page->grab().save(QDir(shotDir()).filePath(name + QStringLiteral("-en.png")));

    ok = ok && languages.setLanguage(QStringLiteral("zh_CN"));
    const QString extraQm = qEnvironmentVariable("SWITCHYARD_EXTRA_QM");
    if (!extraQm.isEmpty() && extra.load(extraQm))
        QCoreApplication::installTranslator(&extra);
    settle();
    ok = ok && page->grab().save(QDir(shotDir()).filePath(name + QStringLiteral("-zh_CN.png")));

    QCoreApplication::removeTranslator(&extra);
    languages.setLanguage(QStringLiteral("en"));
    settle();
    return ok;
}

} // namespace Switchyard::Test
