#pragma once
// FakeInteraction: answers the widgets' questions at once and records what they asked, so a test
// checks what the user would have seen without a modal dialog blocking it.

#include "Interaction.h"

#include <QList>
#include <QStringList>
#include <QUrl>
#include <functional>

class FakeInteraction final : public pal::Interaction
{
public:
    bool answer = true;    // what confirm() answers
    QString saveAs;        // what saveFileName() answers
    QString open;          // what openFileName() answers
    QStringList questions; // confirm() texts, in order
    QList<QUrl> opened;
    QString clipboard;
    // Runs while a confirm() question is "open", as a modal dialog's event loop would let the app
    // go on meanwhile (e.g. a directory switch completing).
    std::function<void()> whileAsking;

    bool confirm(QWidget *, const QString &, const QString &text, const QString &) override
    {
        questions << text;
        if (whileAsking)
            whileAsking();
        return answer;
    }
    QString saveFileName(QWidget *, const QString &, const QString &, const QString &) override { return saveAs; }
    QString openFileName(QWidget *, const QString &, const QString &) override { return open; }
    void openUrl(const QUrl &url) override { opened << url; }
    void copyToClipboard(const QString &text) override { clipboard = text; }
};
