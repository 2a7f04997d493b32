#include "AttributionFacts.h"

namespace pal::attribution {

QList<AttributionStep> steps()
{
    return {
        {1, QStringLiteral("Initiation"), QStringLiteral("get a service account from your customer"),
         QStringLiteral("Agree with the customer on a dedicated service account for the work you deliver into their "
                        "production environments: who owns it and what it may access.")},
        {2, QStringLiteral("Registration"), QStringLiteral("link that account to your partner ID"),
         QStringLiteral("Sign in as the service account and link it to your partner ID (the Associated Partner ID of "
                        "your Partner Center profile, usually your partner location ID): on the portal's Link to a "
                        "partner ID page, with PowerShell or the Azure CLI, or with PAL Desk. For another customer, "
                        "switch to that customer's directory and link there too.")},
        {3, QStringLiteral("Attribution"), QStringLiteral("make that account own the resources, using Solutions"),
         QStringLiteral("Usage is counted per resource, so the linked service account has to be the attributed user "
                        "of each app, flow, dataset or instance (see the table). This mostly happens by itself when "
                        "the linked account is the one that creates, edits and updates the resources; Solutions "
                        "make sure of it.")},
    };
}

QString stepsOrder()
{
    return QStringLiteral("Microsoft recommends taking these steps in this order.");
}

QList<ProductFacts> products()
{
    return {
        {AttributedProduct::PowerApps, QStringLiteral("powerApps"), QStringLiteral("Power Apps"),
         QStringLiteral("Monthly active users (MAU)"), QStringLiteral("Application"),
         QStringLiteral("The linked account must be an owner or co-owner of the application."),
         QStringLiteral("When several partners are mapped to one application, Microsoft reviews the users' activity "
                        "and credits the latest partner."),
         true,
         QStringLiteral("Import the app as the linked account through a managed solution, or make the linked account "
                        "its owner with Set-AdminPowerAppOwner (canvas apps), or share the app with it as co-owner.")},
        {AttributedProduct::PowerAutomate, QStringLiteral("powerAutomate"), QStringLiteral("Power Automate"),
         QStringLiteral("Monthly active users (MAU)"), QStringLiteral("Flow"),
         QStringLiteral("The linked account must be the creator of the flow."),
         QStringLiteral("A flow has only one creator, so there is no choosing between partners."), true,
         QStringLiteral("Import the flow as the linked account through a managed solution, or change its owner in the "
                        "web GUI or with Set-AdminFlowOwnerRole.")},
        {AttributedProduct::PowerBI, QStringLiteral("powerBI"), QStringLiteral("Power BI"),
         QStringLiteral("Monthly active users (MAU)"), QStringLiteral("Dataset (semantic model)"),
         QStringLiteral("The linked account must be the publisher of the dataset."),
         QStringLiteral("When several partners are mapped to one dataset, Microsoft reviews the users' activity and "
                        "credits the latest partner."),
         false,
         QStringLiteral("Publish (or republish) the dataset as the linked account, for example with PowerShell, or "
                        "take it over as the linked account in the Power BI service.")},
        {AttributedProduct::CustomerInsights, QStringLiteral("customerInsights"),
         QStringLiteral("Dynamics 365 Customer Insights"), QStringLiteral("Unified profiles"),
         QStringLiteral("Instance"),
         QStringLiteral("Any active user of an instance is treated as the attributed user."),
         QStringLiteral("When several partners are mapped to one instance, Microsoft reviews the users' activity and "
                        "credits the latest partner."),
         false, QStringLiteral("Nothing to change per resource: work in the instance with the linked account.")},
    };
}

const ProductFacts &product(AttributedProduct which)
{
    static const QList<ProductFacts> all = products();
    for (const ProductFacts &p : all)
        if (p.product == which)
            return p;
    return all.first();
}

QString solutionsAdvice()
{
    return QStringLiteral(
        "Where Solutions are available, import your deliverables into the customer's production environment as a "
        "managed solution, using the linked service account. The account that imports a solution becomes the owner of "
        "every deliverable inside it, so all of them are associated with your partner ID at once: the last account "
        "with a partner link to import the solution takes ownership of its objects and receives the usage credit.");
}

QString solutionsNotAvailable()
{
    return QStringLiteral("Solutions are not available for Power BI and Customer Insights.");
}

QList<ProductNote> productNotes()
{
    return {
        {QStringLiteral("Power Apps: canvas apps"),
         {QStringLiteral("Make the linked user or service account the owner or a co-owner of the app."),
          QStringLiteral("Only the owner can be changed later, with the PowerShell cmdlet Set-AdminPowerAppOwner; "
                         "co-owners cannot be changed that way."),
          QStringLiteral("Inside a solution imported into another environment, the importing account becomes the new "
                         "owner.")}},
        {QStringLiteral("Power Apps: model-driven apps"),
         {QStringLiteral("The account that creates the app must be the linked one."),
          QStringLiteral("There is no co-owner option, and the owner cannot be changed in the GUI or with PowerShell "
                         "directly."),
          QStringLiteral("Inside a solution imported into another environment, the importing account becomes the new "
                         "owner.")}},
        {QStringLiteral("Power Automate"),
         {QStringLiteral("The flow's creator must be the linked account."),
          QStringLiteral("The owner can be changed in the web GUI or with the PowerShell cmdlet "
                         "Set-AdminFlowOwnerRole."),
          QStringLiteral("Inside a solution imported into another environment, the importing account becomes the new "
                         "owner.")}},
        {QStringLiteral("Power BI"),
         {QStringLiteral("Publishing to the Power BI service sets the owner: the account that publishes must be the "
                         "linked one."),
          QStringLiteral("PowerShell can publish as any user or service account.")}},
    };
}

QString userAccountAlternative()
{
    return QStringLiteral(
        "Attribution also works with user accounts instead of a service account: take the same steps for each user. "
        "It has downsides: with many users you must keep up with people joining and leaving the team, and you need "
        "to manage the users via a spreadsheet.");
}

QString validation()
{
    return QStringLiteral("A partner link is either there or not. Check it in the Azure portal or with PowerShell "
                          "(Get-AzManagementPartner): either shows your organization name and partner ID, proof that "
                          "the account and the partner ID are connected. PAL Desk's Validation page shows the same.");
}

QString articlePortalLink()
{
    return QStringLiteral("https://portal.azure.com/#blade/Microsoft_Azure_Billing/managementpartnerblade");
}

QString articleUrl()
{
    return QStringLiteral(
        "https://learn.microsoft.com/azure/cost-management-billing/manage/link-partner-id-power-apps-accounts");
}

QString articleDate()
{
    return QStringLiteral("12/29/2025");
}

} // namespace pal::attribution
