#include "common/status.h"

#include <gtest/gtest.h>

#include "common/status_or.h"

namespace scry {
namespace {

TEST(StatusTest, DefaultIsOk) {
  Status status;
  EXPECT_TRUE(status.ok());
  EXPECT_EQ(status.code(), StatusCode::kOk);
  EXPECT_EQ(status.message(), "");
  EXPECT_EQ(status.ToString(), "OK");
}

TEST(StatusTest, ErrorCarriesCodeAndMessage) {
  Status status = NotFoundError("table 'x' does not exist");
  EXPECT_FALSE(status.ok());
  EXPECT_EQ(status.code(), StatusCode::kNotFound);
  EXPECT_EQ(status.message(), "table 'x' does not exist");
  EXPECT_EQ(status.ToString(), "NOT_FOUND: table 'x' does not exist");
}

TEST(StatusTest, OkCodeWithMessageIsStillOk) {
  Status status(StatusCode::kOk, "ignored");
  EXPECT_TRUE(status.ok());
  EXPECT_EQ(status.message(), "");
}

TEST(StatusTest, CopyAndCompare) {
  Status a = InvalidArgumentError("bad");
  Status b = a;
  EXPECT_EQ(a, b);
  b = Status::Ok();
  EXPECT_FALSE(a == b);
  EXPECT_TRUE(b.ok());
}

TEST(StatusTest, WithContextPrefixesMessage) {
  EXPECT_EQ(InternalError("disk full").WithContext("import 'a.csv'").message(),
            "import 'a.csv': disk full");
  EXPECT_TRUE(Status::Ok().WithContext("anything").ok());
}

Status FailIf(bool fail) { return fail ? CancelledError("stopped") : Status::Ok(); }

Status Chain(bool fail, int* reached) {
  RETURN_IF_ERROR(FailIf(fail));
  *reached = 1;
  return Status::Ok();
}

TEST(StatusTest, ReturnIfErrorReturnsEarly) {
  int reached = 0;
  EXPECT_EQ(Chain(true, &reached).code(), StatusCode::kCancelled);
  EXPECT_EQ(reached, 0);
  EXPECT_TRUE(Chain(false, &reached).ok());
  EXPECT_EQ(reached, 1);
}

StatusOr<int> Half(int n) {
  if (n % 2 != 0) return InvalidArgumentError("odd");
  return n / 2;
}

StatusOr<int> Quarter(int n) {
  ASSIGN_OR_RETURN(int half, Half(n));
  ASSIGN_OR_RETURN(int quarter, Half(half));
  return quarter;
}

TEST(StatusOrTest, HoldsValueOrError) {
  StatusOr<int> ok = Half(8);
  ASSERT_TRUE(ok.ok());
  EXPECT_EQ(*ok, 4);
  StatusOr<int> err = Half(3);
  EXPECT_FALSE(err.ok());
  EXPECT_EQ(err.status().message(), "odd");
  EXPECT_EQ(err.value_or(-1), -1);
}

TEST(StatusOrTest, AssignOrReturnPropagates) {
  EXPECT_EQ(*Quarter(8), 2);
  EXPECT_EQ(Quarter(6).status().code(), StatusCode::kInvalidArgument);
}

TEST(StatusOrTest, OkStatusBecomesInternalError) {
  StatusOr<int> value{Status::Ok()};
  EXPECT_EQ(value.status().code(), StatusCode::kInternal);
}

TEST(StatusOrTest, MoveOnlyValue) {
  StatusOr<std::unique_ptr<int>> value = std::make_unique<int>(7);
  ASSERT_TRUE(value.ok());
  std::unique_ptr<int> taken = std::move(value).value();
  EXPECT_EQ(*taken, 7);
}

}  // namespace
}  // namespace scry
