#pragma once
// AttributionFacts: what Microsoft's article says about partner credit for Power Platform and
// Dynamics 365 Customer Insights, as data. The attribution guide is written from it, the
// attribution check shows its rules and advice, and a test compares it (and the guide) with facts
// copied from the article. Source: Microsoft Learn, "Link a partner ID to your Power Platform and
// Dynamics Customer Insights accounts with your Azure credentials", ms.date 12/29/2025. The wording
// is PAL Desk's own; the facts are the article's.

#include <QList>
#include <QString>
#include <QStringList>

namespace pal {

enum class AttributedProduct { PowerApps, PowerAutomate, PowerBI, CustomerInsights };

struct ProductFacts
{
    AttributedProduct product;
    QString key;             // "powerApps", "powerAutomate", "powerBI", "customerInsights" (palctl's JSON)
    QString name;            // "Power Apps"
    QString metric;          // the article's primary metric
    QString resource;        // what credit is counted on
    QString rule;            // who the attributed user is
    QString severalPartners; // what happens when several partners qualify
    bool solutions = true;   // whether Solutions are available for it
    QString whatToDo;        // how to move the credit to the linked account
};

struct ProductNote
{
    QString title; // e.g. "Power Apps: canvas apps"
    QStringList points;
};

struct AttributionStep
{
    int number;
    QString name;    // "Initiation"
    QString title;   // "get a service account from your customer"
    QString summary; // what to do
};

namespace attribution {

QList<AttributionStep> steps(); // in the article's order
QString stepsOrder();           // "We recommend taking them in this order."
QList<ProductFacts> products(); // in the article's table order
const ProductFacts &product(AttributedProduct product);
QString solutionsAdvice();
QString solutionsNotAvailable(); // Power BI and Customer Insights
QList<ProductNote> productNotes();
QString userAccountAlternative();
QString validation();
// The article's link to the portal page (public cloud); a cloud's own portal keeps its host
// (CloudEnvironment::partnerLinkBladeUrl).
QString articlePortalLink();
QString articleUrl();
QString articleDate(); // ms.date

} // namespace attribution

} // namespace pal
