#include "auth/sessions.h"

#include <gtest/gtest.h>

#include "auth/auth_test_support.h"
#include "auth/secrets.h"

namespace scry::auth {
namespace {

using std::chrono::hours;
using std::chrono::minutes;
using testing::AddUser;
using testing::FakeStore;
using testing::kGoodPassword;
using testing::ManualClock;

SessionOptions FastOptions() {
  SessionOptions options;
  options.password_cost = PasswordCost::Fast();
  return options;
}

class SessionsTest : public ::testing::Test {
 protected:
  FakeStore store_;
  ManualClock clock_;
  SessionService sessions_{store_, clock_, FastOptions()};
  store::User ann_ = AddUser(store_, "ann@example.com");

  NewSession MustLogin() {
    StatusOr<NewSession> login = sessions_.Login("ann@example.com", kGoodPassword);
    EXPECT_TRUE(login.ok()) << login.status();
    return login.ok() ? *login : NewSession{};
  }
};

TEST_F(SessionsTest, LoginGivesACookieAndACsrfToken) {
  const NewSession login = MustLogin();
  EXPECT_EQ(login.cookie_value.size(), 43u);
  EXPECT_EQ(login.csrf_token.size(), 43u);
  EXPECT_NE(login.cookie_value, login.csrf_token);
  EXPECT_EQ(login.user.id, ann_.id);
  // The store keeps the hash of the cookie value, never the value.
  EXPECT_EQ(login.session.id_hash, HashSecret(login.cookie_value));
  EXPECT_FALSE(store_.GetSession(login.cookie_value).ok());
  EXPECT_TRUE(store_.GetSession(HashSecret(login.cookie_value)).ok());
  EXPECT_EQ(login.session.expires_ms - login.session.created_ms, 12LL * 3600 * 1000);
}

TEST_F(SessionsTest, AuthenticateFindsTheUser) {
  const NewSession login = MustLogin();
  StatusOr<AuthenticatedSession> session = sessions_.Authenticate(login.cookie_value);
  ASSERT_TRUE(session.ok()) << session.status();
  EXPECT_EQ(session->user.email, "ann@example.com");
  EXPECT_EQ(session->session.csrf_token, login.csrf_token);
}

TEST_F(SessionsTest, EmailIsCaseInsensitive) {
  EXPECT_TRUE(sessions_.Login("ANN@example.com", kGoodPassword).ok());
}

TEST_F(SessionsTest, LoginFailuresLookAlike) {
  AddUser(store_, "nopass@example.com", store::Role::kViewer, "");
  store::User carl = AddUser(store_, "carl@example.com");
  carl.disabled = true;
  ASSERT_TRUE(store_.UpdateUser(carl).ok());
  const Status unknown = sessions_.Login("nobody@example.com", kGoodPassword).status();
  EXPECT_EQ(unknown.code(), StatusCode::kUnauthenticated);
  EXPECT_EQ(unknown.message(), "incorrect email or password");
  for (const auto& [email, password] :
       std::vector<std::pair<std::string, std::string>>{{"ann@example.com", "wrong password!"},
                                                        {"ann@example.com", ""},
                                                        {"nopass@example.com", ""},
                                                        {"nopass@example.com", kGoodPassword},
                                                        {"carl@example.com", kGoodPassword}}) {
    EXPECT_EQ(sessions_.Login(email, password).status(), unknown) << email << " " << password;
  }
  EXPECT_EQ(store_.session_count(), 0u);
}

TEST_F(SessionsTest, UnknownCookiesAreUnauthenticated) {
  MustLogin();
  EXPECT_EQ(sessions_.Authenticate(RandomToken(32)).status().code(), StatusCode::kUnauthenticated);
  EXPECT_EQ(sessions_.Authenticate("").status().code(), StatusCode::kUnauthenticated);
}

TEST_F(SessionsTest, SessionsExpire) {
  const NewSession login = MustLogin();
  clock_.Advance(hours(11) + minutes(59));
  EXPECT_TRUE(sessions_.Authenticate(login.cookie_value).ok());
  clock_.Advance(minutes(1));
  EXPECT_EQ(sessions_.Authenticate(login.cookie_value).status().code(),
            StatusCode::kUnauthenticated);
  EXPECT_EQ(store_.session_count(), 0u);  // deleted when found expired
}

TEST_F(SessionsTest, DeleteExpiredSweeps) {
  MustLogin();
  clock_.Advance(hours(6));
  MustLogin();
  clock_.Advance(hours(7));
  ASSERT_TRUE(sessions_.DeleteExpired().ok());
  EXPECT_EQ(store_.session_count(), 1u);
}

TEST_F(SessionsTest, LogoutEndsTheSession) {
  const NewSession login = MustLogin();
  ASSERT_TRUE(sessions_.Logout(login.cookie_value).ok());
  EXPECT_EQ(sessions_.Authenticate(login.cookie_value).status().code(),
            StatusCode::kUnauthenticated);
  EXPECT_TRUE(sessions_.Logout(login.cookie_value).ok());
  EXPECT_TRUE(sessions_.Logout("").ok());
}

TEST_F(SessionsTest, DisablingAUserEndsTheirSessions) {
  const NewSession login = MustLogin();
  store::User disabled = ann_;
  disabled.disabled = true;
  ASSERT_TRUE(store_.UpdateUser(disabled).ok());
  EXPECT_EQ(sessions_.Authenticate(login.cookie_value).status().code(),
            StatusCode::kUnauthenticated);
}

TEST_F(SessionsTest, CsrfTokenMustMatch) {
  const NewSession login = MustLogin();
  StatusOr<AuthenticatedSession> session = sessions_.Authenticate(login.cookie_value);
  ASSERT_TRUE(session.ok());
  EXPECT_TRUE(SessionService::CheckCsrf(session->session, login.csrf_token).ok());
  const Status missing = SessionService::CheckCsrf(session->session, "");
  EXPECT_EQ(missing.code(), StatusCode::kPermissionDenied);
  EXPECT_EQ(missing.message(), "refused: the request has no X-CSRF-Token header; reload the page");
  const Status wrong = SessionService::CheckCsrf(session->session, RandomToken(32));
  EXPECT_EQ(wrong.code(), StatusCode::kPermissionDenied);
  EXPECT_EQ(SessionService::CheckCsrf(session->session, login.csrf_token + "x").code(),
            StatusCode::kPermissionDenied);
  // Another session's token does not fit this one.
  const NewSession other = MustLogin();
  EXPECT_EQ(SessionService::CheckCsrf(session->session, other.csrf_token).code(),
            StatusCode::kPermissionDenied);
}

TEST_F(SessionsTest, CookieHeaders) {
  EXPECT_EQ(sessions_.SetCookieHeader("abc", /*tls=*/false),
            "scry_session=abc; Path=/; Max-Age=43200; HttpOnly; SameSite=Strict");
  EXPECT_EQ(sessions_.SetCookieHeader("abc", /*tls=*/true),
            "scry_session=abc; Path=/; Max-Age=43200; HttpOnly; SameSite=Strict; Secure");
  EXPECT_EQ(sessions_.ClearCookieHeader(/*tls=*/true),
            "scry_session=; Path=/; Max-Age=0; HttpOnly; SameSite=Strict; Secure");
  EXPECT_EQ(sessions_.cookie_name(), "scry_session");
}

TEST(SessionHelpers, FindCookie) {
  EXPECT_EQ(FindCookie("scry_session=abc", "scry_session"), "abc");
  EXPECT_EQ(FindCookie("a=1; scry_session=abc; b=2", "scry_session"), "abc");
  EXPECT_EQ(FindCookie("a=1;scry_session= abc ;b=2", "scry_session"), "abc");
  EXPECT_EQ(FindCookie("xscry_session=abc", "scry_session"), std::nullopt);
  EXPECT_EQ(FindCookie("a=1", "scry_session"), std::nullopt);
  EXPECT_EQ(FindCookie("", "scry_session"), std::nullopt);
}

TEST(SessionHelpers, UnsafeMethods) {
  for (const char* method : {"POST", "PUT", "PATCH", "DELETE"}) EXPECT_TRUE(IsUnsafeMethod(method));
  for (const char* method : {"GET", "HEAD", "OPTIONS"}) EXPECT_FALSE(IsUnsafeMethod(method));
}

}  // namespace
}  // namespace scry::auth
