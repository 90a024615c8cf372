#include "engine/result_set.h"

#include <gtest/gtest.h>

#include <vector>

namespace scry::engine {
namespace {

// A stream of one integer column counting up from 0, in chunks of the given
// sizes, that can fail after a number of chunks.
class FakeStream final : public ResultStream {
 public:
  explicit FakeStream(std::vector<size_t> chunk_sizes, int fail_after = -1)
      : columns_({{"n", ColumnType::Of(TypeId::kInteger, "BIGINT")}}),
        chunk_sizes_(std::move(chunk_sizes)),
        fail_after_(fail_after) {}

  const std::vector<ColumnInfo>& columns() const override { return columns_; }

  StatusOr<bool> Next(Chunk* chunk) override {
    chunk->columns.assign(1, Column(columns_[0].type));
    if (fail_after_ >= 0 && chunks_read_ == static_cast<size_t>(fail_after_)) {
      return CancelledError("the query was cancelled");
    }
    if (chunks_read_ == chunk_sizes_.size()) return false;
    for (size_t i = 0; i < chunk_sizes_[chunks_read_]; ++i) {
      chunk->columns[0].AppendInt64(next_value_++);
    }
    ++chunks_read_;
    return true;
  }

  size_t chunks_read() const { return chunks_read_; }

 private:
  std::vector<ColumnInfo> columns_;
  std::vector<size_t> chunk_sizes_;
  int fail_after_;
  size_t chunks_read_ = 0;
  int64_t next_value_ = 0;
};

CollectOptions Options(int64_t max_rows, int64_t count_limit) {
  CollectOptions options;
  options.max_rows = max_rows;
  options.count_limit = count_limit;
  return options;
}

void ExpectCountingUp(const ResultSet& result) {
  for (size_t row = 0; row < result.row_count(); ++row) {
    ASSERT_EQ(result.column(0).Int64At(row), static_cast<int64_t>(row));
  }
}

TEST(CollectTest, KeepsEverythingUnderTheCap) {
  FakeStream stream({3, 4, 5});
  auto result = Collect(stream, Options(100, 1000));
  ASSERT_TRUE(result.ok()) << result.status();
  EXPECT_EQ(result->row_count(), 12u);
  EXPECT_EQ(result->total_rows(), 12);
  EXPECT_FALSE(result->truncated());
  EXPECT_EQ(result->columns()[0].name, "n");
  ExpectCountingUp(*result);
}

TEST(CollectTest, CapsRowsAcrossChunksAndCountsTheRest) {
  FakeStream stream({3, 4, 5});
  auto result = Collect(stream, Options(5, 1000));
  ASSERT_TRUE(result.ok());
  EXPECT_EQ(result->row_count(), 5u);
  EXPECT_EQ(result->total_rows(), 12);
  EXPECT_TRUE(result->truncated());
  ExpectCountingUp(*result);
  EXPECT_EQ(stream.chunks_read(), 3u);
}

TEST(CollectTest, ExactlyAtTheCapIsNotTruncated) {
  FakeStream stream({3, 4});
  auto result = Collect(stream, Options(7, 1000));
  ASSERT_TRUE(result.ok());
  EXPECT_EQ(result->row_count(), 7u);
  EXPECT_EQ(result->total_rows(), 7);
  EXPECT_FALSE(result->truncated());
}

TEST(CollectTest, StopsCountingAtTheLimit) {
  FakeStream stream({10, 10, 10, 10, 10});
  auto result = Collect(stream, Options(5, 20));
  ASSERT_TRUE(result.ok());
  EXPECT_EQ(result->row_count(), 5u);
  EXPECT_EQ(result->total_rows(), -1);
  EXPECT_TRUE(result->truncated());
  EXPECT_EQ(stream.chunks_read(), 2u);  // the rest was never read
}

TEST(CollectTest, ZeroCountLimitStopsOnceRowsAreKept) {
  FakeStream stream({4, 4, 4, 4});
  auto result = Collect(stream, Options(6, 0));
  ASSERT_TRUE(result.ok());
  EXPECT_EQ(result->row_count(), 6u);
  EXPECT_EQ(result->total_rows(), -1);
  EXPECT_TRUE(result->truncated());
  EXPECT_EQ(stream.chunks_read(), 2u);
  ExpectCountingUp(*result);
}

TEST(CollectTest, CountLimitReachedAtTheEndStillKnowsTheTotal) {
  FakeStream stream({5, 5});
  auto result = Collect(stream, Options(3, 10));
  ASSERT_TRUE(result.ok());
  EXPECT_EQ(result->total_rows(), -1);  // counting stopped; more might have followed
  FakeStream shorter({5, 4});
  result = Collect(shorter, Options(3, 10));
  ASSERT_TRUE(result.ok());
  EXPECT_EQ(result->total_rows(), 9);
}

TEST(CollectTest, ZeroRowsKeepsNothingButCounts) {
  FakeStream stream({3, 3});
  auto result = Collect(stream, Options(0, 1000));
  ASSERT_TRUE(result.ok());
  EXPECT_EQ(result->row_count(), 0u);
  EXPECT_EQ(result->total_rows(), 6);
  EXPECT_TRUE(result->truncated());
}

TEST(CollectTest, EmptyStreamKeepsItsColumns) {
  FakeStream stream({});
  auto result = Collect(stream, Options(10, 100));
  ASSERT_TRUE(result.ok());
  EXPECT_EQ(result->row_count(), 0u);
  EXPECT_EQ(result->column_count(), 1u);
  EXPECT_EQ(result->total_rows(), 0);
  EXPECT_FALSE(result->truncated());
}

TEST(CollectTest, StreamErrorsPropagate) {
  FakeStream stream({3, 3, 3}, /*fail_after=*/2);
  auto result = Collect(stream, Options(100, 1000));
  EXPECT_EQ(result.status().code(), StatusCode::kCancelled);
}

TEST(ResultSetTest, FindsColumnsByName) {
  ResultSet result({{"a", ColumnType::Of(TypeId::kText)},
                    {"b", ColumnType::Of(TypeId::kInteger)},
                    {"a", ColumnType::Of(TypeId::kDouble)}});
  EXPECT_EQ(result.FindColumn("a"), 0);
  EXPECT_EQ(result.FindColumn("b"), 1);
  EXPECT_EQ(result.FindColumn("c"), -1);
  EXPECT_EQ(result.column(2).type().id, TypeId::kDouble);
}

TEST(ResultSetTest, AppendsRowRangesOfChunks) {
  ResultSet result({{"n", ColumnType::Of(TypeId::kInteger)}});
  Chunk chunk;
  chunk.columns.emplace_back(ColumnType::Of(TypeId::kInteger));
  for (int64_t i = 0; i < 5; ++i) chunk.columns[0].AppendInt64(i * 10);
  result.AppendRows(chunk, 1, 3);
  ASSERT_EQ(result.row_count(), 3u);
  EXPECT_EQ(result.column(0).Int64At(0), 10);
  EXPECT_EQ(result.column(0).Int64At(2), 30);
  result.mutable_column(0).AppendNull();
  EXPECT_EQ(result.row_count(), 4u);
}

}  // namespace
}  // namespace scry::engine
