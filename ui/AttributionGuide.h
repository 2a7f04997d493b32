#pragma once
// AttributionGuide: how partner credit reaches you for Power Platform and Dynamics 365 Customer
// Insights, as Microsoft's article says (core/powerplatform/AttributionFacts): the three steps in
// their order, the per-product table, Solutions, the per-product notes, user accounts instead of a
// service account, and validation. Static text that follows the system palette; the portal link
// is the current cloud's (the article's public-cloud link when there is none).

#include "UiContext.h"

#include <QUrl>
#include <QWidget>

class QTextBrowser;

namespace pal {

class AttributionGuide final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(AttributionGuide)
public:
    explicit AttributionGuide(const UiContext &ui, QWidget *parent = nullptr);
    // `portalBlade`: the portal's Link to a partner ID page; empty: the article's.
    static QString html(const QUrl &portalBlade = {});

private:
    void refresh();
    UiContext m_ui;
    QTextBrowser *m_text;
};

} // namespace pal
