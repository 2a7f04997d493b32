#pragma once
// SignInState: the life cycle of one sign-in, the same for every kind.
//
//   Idle --> Discovering --> AwaitingBrowser ------> RedeemingGrant --> Storing --> SignedIn
//                       \--> AwaitingDeviceCode -----------------------/
//                        \-> RedeemingGrant (service principals)
//   Any state before Storing --> Failed | Cancelled.  Storing --> Failed (keychain or file).
//
// Idle: inputs are validated here; nothing has been sent. Discovering: the OIDC document is
// fetched. AwaitingBrowser: the loopback listener waits for the one redirect. AwaitingDeviceCode:
// the user code is shown and the token endpoint is polled. RedeemingGrant: the code or client
// credential is exchanged for tokens. Storing: the token cache goes to the SecretStore and the
// metadata to accounts.json. SignedIn, Failed and Cancelled are final; a cancel during Storing is
// ignored so that what is stored stays consistent.

#include <QString>

namespace pal {

enum class SignInState {
    Idle,
    Discovering,
    AwaitingBrowser,
    AwaitingDeviceCode,
    RedeemingGrant,
    Storing,
    SignedIn,
    Failed,
    Cancelled
};

QString signInStateName(SignInState state);
bool isFinal(SignInState state);
bool isAllowedTransition(SignInState from, SignInState to);

} // namespace pal
