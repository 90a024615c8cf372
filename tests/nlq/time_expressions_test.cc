// The time-expression pass on whole questions: each case is a question, the
// day it is asked, and every expression found, rendered as
//   [tokens of the span] start..end bare=YEAR grain=G vs=year|period 'phrase'
// (parts that are absent are left out; expressions separated by "; ").
// 2025-11-24, the usual today, is a Monday.
#include "nlq/time_expressions.h"

#include <fmt/format.h>
#include <fmt/ranges.h>
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "common/clock.h"
#include "nlq/tokenizer.h"

namespace scry::nlq {
namespace {

constexpr const char* kToday = "2025-11-24";

struct Case {
  const char* today;
  const char* question;
  const char* expected;
};

std::string Render(const Tokens& tokens, const TimeExpression& expression) {
  std::vector<std::string> words;
  for (size_t k = expression.begin; k < expression.end; ++k) words.push_back(tokens[k].text);
  std::string out = fmt::format("[{}]", fmt::join(words, " "));
  if (expression.range_start) {
    out += fmt::format(" {}..{}", FormatIsoDate(*expression.range_start),
                       FormatIsoDate(*expression.range_end));
  }
  if (expression.bare_year) out += fmt::format(" bare={}", *expression.bare_year);
  if (expression.grain != semantic::TimeGrain::kNone) {
    out += fmt::format(" grain={}", semantic::TimeGrainName(expression.grain));
  }
  if (expression.comparison) {
    const bool year =
        expression.comparison->kind == semantic::PeriodComparison::Kind::kPreviousYear;
    out += year ? " vs=year" : " vs=period";
  }
  return out + fmt::format(" '{}'", expression.phrase);
}

std::vector<TimeExpression> Find(const Tokens& tokens, const char* today) {
  const std::optional<CivilDate> date = ParseIsoDate(today);
  EXPECT_TRUE(date.has_value()) << today;
  return FindTimeExpressions(tokens, date.value_or(CivilDate{}));
}

std::string FindAndRender(const char* question, const char* today) {
  const Tokens tokens = Tokenize(Normalize(question));
  std::string out;
  for (const TimeExpression& expression : Find(tokens, today)) {
    if (!out.empty()) out += "; ";
    out += Render(tokens, expression);
  }
  return out;
}

void ExpectCases(const std::vector<Case>& cases) {
  for (const Case& c : cases) {
    EXPECT_EQ(FindAndRender(c.question, c.today), c.expected)
        << "question: \"" << c.question << "\" on " << c.today;
  }
}

TEST(TimeExpressionsTest, YearsMonthsAndDays) {
  ExpectCases({
      {kToday, "revenue in 2024", "[in 2024] 2024-01-01..2025-01-01 bare=2024 '2024'"},
      {kToday, "2024", "[2024] 2024-01-01..2025-01-01 bare=2024 '2024'"},
      {kToday, "sales during 2023", "[during 2023] 2023-01-01..2024-01-01 bare=2023 '2023'"},
      {kToday, "orders for 2022", "[for 2022] 2022-01-01..2023-01-01 bare=2022 '2022'"},
      {kToday, "How many concerts in 2014?", "[in 2014] 2014-01-01..2015-01-01 bare=2014 '2014'"},
      {kToday, "singers whose birth year is 1948",
       "[1948] 1948-01-01..1949-01-01 bare=1948 '1948'"},
      {kToday, "in the year 2024", "[in the year 2024] 2024-01-01..2025-01-01 bare=2024 '2024'"},
      {kToday, "show 2024 revenue by region", "[2024] 2024-01-01..2025-01-01 bare=2024 '2024'"},
      {kToday, "revenue in March", "[in march] 2025-03-01..2025-04-01 'March 2025'"},
      {kToday, "in December", "[in december] 2024-12-01..2025-01-01 'December 2024'"},
      {kToday, "orders in November", "[in november] 2025-11-01..2025-12-01 'November 2025'"},
      {kToday, "March 2024 sales", "[march 2024] 2024-03-01..2024-04-01 'March 2024'"},
      {kToday, "in March of 2023", "[in march of 2023] 2023-03-01..2023-04-01 'March 2023'"},
      {kToday, "Jan 2024", "[jan 2024] 2024-01-01..2024-02-01 'January 2024'"},
      {kToday, "in sept", "[in sept] 2025-09-01..2025-10-01 'September 2025'"},
      {kToday, "in sep. 2024", "[in sep . 2024] 2024-09-01..2024-10-01 'September 2024'"},
      {kToday, "feb, 2023", "[feb , 2023] 2023-02-01..2023-03-01 'February 2023'"},
      {kToday, "sales in May", "[in may] 2025-05-01..2025-06-01 'May 2025'"},
      {kToday, "show August sales", "[august] 2025-08-01..2025-09-01 'August 2025'"},
      {kToday, "in Q3", "[in q3] 2025-07-01..2025-10-01 'Q3 2025'"},
      {kToday, "in Q4", "[in q4] 2025-10-01..2026-01-01 'Q4 2025'"},
      {kToday, "Q3 2025", "[q3 2025] 2025-07-01..2025-10-01 'Q3 2025'"},
      {kToday, "2025 Q3", "[2025 q3] 2025-07-01..2025-10-01 'Q3 2025'"},
      {kToday, "Q1 of 2024", "[q1 of 2024] 2024-01-01..2024-04-01 'Q1 2024'"},
      {kToday, "in the third quarter of 2024",
       "[in the third quarter of 2024] 2024-07-01..2024-10-01 'Q3 2024'"},
      {kToday, "in the first quarter", "[in the first quarter] 2025-01-01..2025-04-01 'Q1 2025'"},
      {kToday, "3rd quarter 2023", "[3rd quarter 2023] 2023-07-01..2023-10-01 'Q3 2023'"},
      {kToday, "the first half of 2023",
       "[the first half of 2023] 2023-01-01..2023-07-01 'H1 2023'"},
      {kToday, "H1 2024", "[h1 2024] 2024-01-01..2024-07-01 'H1 2024'"},
      {kToday, "the second half", "[the second half] 2025-07-01..2026-01-01 'H2 2025'"},
      {kToday, "1st half of 2022", "[1st half of 2022] 2022-01-01..2022-07-01 'H1 2022'"},
      {kToday, "in the 1990s", "[in the 1990s] 1990-01-01..2000-01-01 'the 1990s'"},
      {kToday, "the 90s", "[the 90s] 1990-01-01..2000-01-01 'the 1990s'"},
      {kToday, "2024-03-01", "[2024 - 03 - 01] 2024-03-01..2024-03-02 '1 March 2024'"},
      {kToday, "orders on 2024-03-01", "[on 2024 - 03 - 01] 2024-03-01..2024-03-02 '1 March 2024'"},
      {kToday, "2024/12/31", "[2024 / 12 / 31] 2024-12-31..2025-01-01 '31 December 2024'"},
      {kToday, "in 2024-03", "[in 2024 - 03] 2024-03-01..2024-04-01 'March 2024'"},
      {kToday, "March 5, 2024", "[march 5 , 2024] 2024-03-05..2024-03-06 '5 March 2024'"},
      {kToday, "5 March 2024", "[5 march 2024] 2024-03-05..2024-03-06 '5 March 2024'"},
      {kToday, "the 5th of March 2024",
       "[the 5th of march 2024] 2024-03-05..2024-03-06 '5 March 2024'"},
      {kToday, "the first of March", "[the first of march] 2025-03-01..2025-03-02 '1 March 2025'"},
      {kToday, "sales on March 5", "[on march 5] 2025-03-05..2025-03-06 '5 March 2025'"},
      {kToday, "Feb 29", "[feb 29] 2024-02-29..2024-03-01 '29 February 2024'"},
  });
}

TEST(TimeExpressionsTest, RelativePeriods) {
  ExpectCases({
      {kToday, "today", "[today] 2025-11-24..2025-11-25 'today'"},
      {kToday, "yesterday", "[yesterday] 2025-11-23..2025-11-24 'yesterday'"},
      {kToday, "tomorrow", "[tomorrow] 2025-11-25..2025-11-26 'tomorrow'"},
      {kToday, "yesterday's orders", "[yesterday] 2025-11-23..2025-11-24 'yesterday'"},
      {kToday, "this week", "[this week] 2025-11-24..2025-12-01 'this week'"},
      {kToday, "this month", "[this month] 2025-11-01..2025-12-01 'this month'"},
      {kToday, "this quarter", "[this quarter] 2025-10-01..2026-01-01 'this quarter'"},
      {kToday, "this year", "[this year] 2025-01-01..2026-01-01 'this year'"},
      {kToday, "the current year", "[the current year] 2025-01-01..2026-01-01 'this year'"},
      {kToday, "last week", "[last week] 2025-11-17..2025-11-24 'last week'"},
      {kToday, "previous month", "[previous month] 2025-10-01..2025-11-01 'last month'"},
      {kToday, "past quarter", "[past quarter] 2025-07-01..2025-10-01 'last quarter'"},
      {kToday, "last year", "[last year] 2024-01-01..2025-01-01 'last year'"},
      {kToday, "prior year", "[prior year] 2024-01-01..2025-01-01 'last year'"},
      {kToday, "the last 3 months",
       "[the last 3 months] 2025-08-01..2025-11-01 'the last 3 months'"},
      {kToday, "past 30 days", "[past 30 days] 2025-10-25..2025-11-24 'the last 30 days'"},
      {kToday, "last 7 days", "[last 7 days] 2025-11-17..2025-11-24 'the last 7 days'"},
      {kToday, "the last two quarters",
       "[the last two quarters] 2025-04-01..2025-10-01 'the last 2 quarters'"},
      {kToday, "the previous 12 months",
       "[the previous 12 months] 2024-11-01..2025-11-01 'the last 12 months'"},
      {kToday, "past two years", "[past two years] 2023-01-01..2025-01-01 'the last 2 years'"},
      {kToday, "last 1 year", "[last 1 year] 2024-01-01..2025-01-01 'last year'"},
      {kToday, "in the last 7 days",
       "[in the last 7 days] 2025-11-17..2025-11-24 'the last 7 days'"},
      {kToday, "over the past year", "[over the past year] 2024-01-01..2025-01-01 'last year'"},
      {kToday, "within the last 30 days",
       "[within the last 30 days] 2025-10-25..2025-11-24 'the last 30 days'"},
      {kToday, "for the last 6 weeks",
       "[for the last 6 weeks] 2025-10-13..2025-11-24 'the last 6 weeks'"},
      {kToday, "trailing 12 months",
       "[trailing 12 months] 2024-11-01..2025-11-01 'the last 12 months'"},
      {kToday, "ltm revenue", "[ltm] 2024-11-01..2025-11-01 'the last 12 months'"},
      {kToday, "next month", "[next month] 2025-12-01..2026-01-01 'next month'"},
      {kToday, "next 2 weeks", "[next 2 weeks] 2025-12-01..2025-12-15 'the next 2 weeks'"},
      {kToday, "coming quarter", "[coming quarter] 2026-01-01..2026-04-01 'next quarter'"},
      {kToday, "year to date", "[year to date] 2025-01-01..2025-11-25 'year to date'"},
      {kToday, "ytd revenue", "[ytd] 2025-01-01..2025-11-25 'year to date'"},
      {kToday, "year-to-date sales", "[year - to - date] 2025-01-01..2025-11-25 'year to date'"},
      {kToday, "so far this year", "[so far this year] 2025-01-01..2025-11-25 'year to date'"},
      {kToday, "this year so far", "[this year so far] 2025-01-01..2025-11-25 'year to date'"},
      {kToday, "month to date", "[month to date] 2025-11-01..2025-11-25 'month to date'"},
      {kToday, "mtd", "[mtd] 2025-11-01..2025-11-25 'month to date'"},
      {kToday, "quarter to date", "[quarter to date] 2025-10-01..2025-11-25 'quarter to date'"},
      {kToday, "qtd", "[qtd] 2025-10-01..2025-11-25 'quarter to date'"},
      {kToday, "wtd", "[wtd] 2025-11-24..2025-11-25 'week to date'"},
      {kToday, "a year ago", "[a year ago] 2024-01-01..2025-01-01 'a year ago'"},
      {kToday, "two months ago", "[two months ago] 2025-09-01..2025-10-01 '2 months ago'"},
      {kToday, "3 weeks ago", "[3 weeks ago] 2025-11-03..2025-11-10 '3 weeks ago'"},
      {kToday, "10 days ago", "[10 days ago] 2025-11-14..2025-11-15 '10 days ago'"},
      {kToday, "a quarter ago", "[a quarter ago] 2025-07-01..2025-10-01 'a quarter ago'"},
      {kToday, "last March", "[last march] 2025-03-01..2025-04-01 'March 2025'"},
      {kToday, "last November", "[last november] 2024-11-01..2024-12-01 'November 2024'"},
      {kToday, "this March", "[this march] 2025-03-01..2025-04-01 'March 2025'"},
      {kToday, "next March", "[next march] 2026-03-01..2026-04-01 'March 2026'"},
      {kToday, "this May", "[this may] 2025-05-01..2025-06-01 'May 2025'"},
  });
}

TEST(TimeExpressionsTest, OpenRanges) {
  ExpectCases({
      {kToday, "since March", "[since march] 2025-03-01..9999-12-31 'since March 2025'"},
      {kToday, "since 2023", "[since 2023] 2023-01-01..9999-12-31 'since 2023'"},
      {kToday, "since last year", "[since last year] 2024-01-01..9999-12-31 'since last year'"},
      {kToday, "since 2024-06-01",
       "[since 2024 - 06 - 01] 2024-06-01..9999-12-31 'since 1 June 2024'"},
      {kToday, "after June 2021", "[after june 2021] 2021-07-01..9999-12-31 'after June 2021'"},
      {kToday, "songs released after 1980", "[after 1980] 1981-01-01..9999-12-31 'after 1980'"},
      {kToday, "before 2020", "[before 2020] 0001-01-01..2020-01-01 'before 2020'"},
      {kToday, "until 2022", "[until 2022] 0001-01-01..2023-01-01 'until 2022'"},
      {kToday, "till March", "[till march] 0001-01-01..2025-04-01 'until March 2025'"},
      {kToday, "up to March 2024", "[up to march 2024] 0001-01-01..2024-04-01 'until March 2024'"},
      {kToday, "from 2020 onwards", "[from 2020 onwards] 2020-01-01..9999-12-31 'since 2020'"},
      {kToday, "from 2020 on", "[from 2020 on] 2020-01-01..9999-12-31 'since 2020'"},
      {kToday, "2021 onwards", "[2021 onwards] 2021-01-01..9999-12-31 'since 2021'"},
      {kToday, "2019 and earlier", "[2019 and earlier] 0001-01-01..2020-01-01 'until 2019'"},
      {kToday, "prior to 2019", "[prior to 2019] 0001-01-01..2019-01-01 'before 2019'"},
      {kToday, "starting 2021", "[starting 2021] 2021-01-01..9999-12-31 'since 2021'"},
      {kToday, "starting from Q2 2024",
       "[starting from q2 2024] 2024-04-01..9999-12-31 'since Q2 2024'"},
      {kToday, "later than 2015", "[later than 2015] 2016-01-01..9999-12-31 'after 2015'"},
      {kToday, "earlier than 2015", "[earlier than 2015] 0001-01-01..2015-01-01 'before 2015'"},
      {kToday, "through Q1 2025", "[through q1 2025] 0001-01-01..2025-04-01 'until Q1 2025'"},
  });
}

TEST(TimeExpressionsTest, ClosedRanges) {
  ExpectCases({
      {kToday, "between January and June 2023",
       "[between january and june 2023] 2023-01-01..2023-07-01 'January to June 2023'"},
      {kToday, "from Jan 2024 to Mar 2024",
       "[from jan 2024 to mar 2024] 2024-01-01..2024-04-01 'January to March 2024'"},
      {kToday, "between 2019 and 2021",
       "[between 2019 and 2021] 2019-01-01..2022-01-01 '2019 to 2021'"},
      {kToday, "from March 1 to March 15",
       "[from march 1 to march 15] 2025-03-01..2025-03-16 '1 March to 15 March 2025'"},
      {kToday, "2019-2021", "[2019 - 2021] 2019-01-01..2022-01-01 '2019 to 2021'"},
      {kToday, "during 2020-2022", "[during 2020 - 2022] 2020-01-01..2023-01-01 '2020 to 2022'"},
      {kToday, "Q1 to Q3 2024", "[q1 to q3 2024] 2024-01-01..2024-10-01 'Q1 to Q3 2024'"},
      {kToday, "jan-mar 2024", "[jan - mar 2024] 2024-01-01..2024-04-01 'January to March 2024'"},
      {kToday, "from December to February",
       "[from december to february] 2024-12-01..2025-03-01 'December 2024 to February 2025'"},
      {kToday, "between May and August",
       "[between may and august] 2025-05-01..2025-09-01 'May to August 2025'"},
      {kToday, "from 2024-01-01 to 2024-03-31",
       "[from 2024 - 01 - 01 to 2024 - 03 - 31] 2024-01-01..2024-04-01 '1 January to 31 March "
       "2024'"},
      {kToday, "between 2024-01-01 and 2024-03-31",
       "[between 2024 - 01 - 01 and 2024 - 03 - 31] 2024-01-01..2024-04-01 '1 January to 31 March "
       "2024'"},
      {kToday, "from 2020 to now", "[from 2020 to now] 2020-01-01..2025-11-25 '2020 to today'"},
      {kToday, "2020 to date", "[2020 to date] 2020-01-01..2025-11-25 '2020 to today'"},
      {kToday, "from last year to this year",
       "[from last year to this year] 2024-01-01..2026-01-01 'last year to this year'"},
      {kToday, "between 2021 and 2019",
       "[between 2021 and 2019] 2019-01-01..2022-01-01 '2019 to 2021'"},
  });
}

TEST(TimeExpressionsTest, Grains) {
  ExpectCases({
      {kToday, "daily revenue", "[daily] grain=day 'daily'"},
      {kToday, "weekly orders", "[weekly] grain=week 'weekly'"},
      {kToday, "sales monthly", "[monthly] grain=month 'monthly'"},
      {kToday, "quarterly revenue", "[quarterly] grain=quarter 'quarterly'"},
      {kToday, "yearly totals", "[yearly] grain=year 'yearly'"},
      {kToday, "revenue annually", "[annually] grain=year 'yearly'"},
      {kToday, "on a weekly basis", "[on a weekly basis] grain=week 'weekly'"},
      {kToday, "by day", "[by day] grain=day 'daily'"},
      {kToday, "by week", "[by week] grain=week 'weekly'"},
      {kToday, "revenue by month", "[by month] grain=month 'monthly'"},
      {kToday, "by months", "[by months] grain=month 'monthly'"},
      {kToday, "per quarter", "[per quarter] grain=quarter 'quarterly'"},
      {kToday, "each month", "[each month] grain=month 'monthly'"},
      {kToday, "every week", "[every week] grain=week 'weekly'"},
      {kToday, "for each year", "[for each year] grain=year 'yearly'"},
      {kToday, "in every quarter", "[in every quarter] grain=quarter 'quarterly'"},
      {kToday, "month by month", "[month by month] grain=month 'monthly'"},
      {kToday, "year-by-year", "[year - by - year] grain=year 'yearly'"},
      {kToday, "by month instead", "[by month] grain=month 'monthly'"},
      {kToday, "revenue over time", "[over time] 'over time'"},
      {kToday, "salary per annum", "[per annum] grain=year 'yearly'"},
  });
}

TEST(TimeExpressionsTest, Comparisons) {
  ExpectCases({
      {kToday, "revenue compared with last year",
       "[compared with last year] vs=year 'compared with the previous year'"},
      {kToday, "sales compared to last year",
       "[compared to last year] vs=year 'compared with the previous year'"},
      {kToday, "revenue vs last year", "[vs last year] vs=year 'compared with the previous year'"},
      {kToday, "revenue vs. last year",
       "[vs . last year] vs=year 'compared with the previous year'"},
      {kToday, "revenue versus the previous period",
       "[versus the previous period] vs=period 'compared with the previous period'"},
      {kToday, "against the prior period",
       "[against the prior period] vs=period 'compared with the previous period'"},
      {kToday, "relative to last month",
       "[relative to last month] vs=period 'compared with the previous period'"},
      {kToday, "in comparison with the same period last year",
       "[in comparison with the same period last year] vs=year 'compared with the previous year'"},
      {kToday, "compared to the same quarter last year",
       "[compared to the same quarter last year] vs=year 'compared with the previous year'"},
      {kToday, "vs a year ago", "[vs a year ago] vs=year 'compared with the previous year'"},
      {kToday, "revenue growth", "[growth] vs=period 'change from the previous period'"},
      {kToday, "revenue growth rate", "[growth rate] vs=period 'change from the previous period'"},
      {kToday, "revenue change", "[change] vs=period 'change from the previous period'"},
      {kToday, "change in revenue", "[change] vs=period 'change from the previous period'"},
      {kToday, "percent change from last month",
       "[percent change from last month] vs=period 'change from the previous period'"},
      {kToday, "growth vs the same period last year",
       "[growth vs the same period last year] vs=year 'change from the previous year'"},
      {kToday, "growth over last year",
       "[growth over last year] vs=year 'change from the previous year'"},
      {kToday, "revenue year over year", "[year over year] vs=year 'year over year'"},
      {kToday, "year-over-year growth", "[year - over - year growth] vs=year 'year over year'"},
      {kToday, "yoy revenue", "[yoy] vs=year 'year over year'"},
      {kToday, "y/y", "[y / y] vs=year 'year over year'"},
      {kToday, "revenue month over month",
       "[month over month] grain=month vs=period 'month over month'"},
      {kToday, "mom growth", "[mom growth] grain=month vs=period 'month over month'"},
      {kToday, "quarter over quarter",
       "[quarter over quarter] grain=quarter vs=period 'quarter over quarter'"},
      {kToday, "qoq", "[qoq] grain=quarter vs=period 'quarter over quarter'"},
      {kToday, "week over week", "[week over week] grain=week vs=period 'week over week'"},
      {kToday, "year on year", "[year on year] vs=year 'year over year'"},
      {kToday, "more orders than last year",
       "[than last year] vs=year 'compared with the previous year'"},
      {kToday, "revenue higher than the previous month",
       "[than the previous month] vs=period 'compared with the previous period'"},
      {kToday, "revenue in 2024 compared with 2023",
       "[in 2024] 2024-01-01..2025-01-01 bare=2024 '2024'; [compared with 2023] vs=year 'compared "
       "with 2023'"},
      {kToday, "revenue in 2024 vs 2023",
       "[in 2024] 2024-01-01..2025-01-01 bare=2024 '2024'; [vs 2023] vs=year 'compared with 2023'"},
      {kToday, "Q3 2025 vs Q2 2025",
       "[q3 2025] 2025-07-01..2025-10-01 'Q3 2025'; [vs q2 2025] vs=period 'compared with Q2 "
       "2025'"},
      {kToday, "revenue in Q3 vs Q3 2024",
       "[in q3] 2025-07-01..2025-10-01 'Q3 2025'; [vs q3 2024] vs=year 'compared with Q3 2024'"},
  });
}

TEST(TimeExpressionsTest, WholeQuestions) {
  ExpectCases({
      {kToday, "revenue by region last quarter",
       "[last quarter] 2025-07-01..2025-10-01 'last quarter'"},
      {kToday, "orders in 2024 by month compared with last year",
       "[in 2024] 2024-01-01..2025-01-01 bare=2024 '2024'; [by month] grain=month 'monthly'; "
       "[compared with last year] vs=year 'compared with the previous year'"},
      {kToday, "revenue for the last 12 months by week",
       "[for the last 12 months] 2024-11-01..2025-11-01 'the last 12 months'; [by week] grain=week "
       "'weekly'"},
      {kToday, "this month compared to last month",
       "[this month] 2025-11-01..2025-12-01 'this month'; [compared to last month] vs=period "
       "'compared with the previous period'"},
      {kToday, "monthly revenue since January 2024",
       "[monthly] grain=month 'monthly'; [since january 2024] 2024-01-01..9999-12-31 'since "
       "January 2024'"},
      {kToday, "top 5 products in 2024 by revenue",
       "[in 2024] 2024-01-01..2025-01-01 bare=2024 '2024'"},
      {kToday, "customers who ordered in 2023 and 2024",
       "[in 2023] 2023-01-01..2024-01-01 bare=2023 '2023'; [2024] 2024-01-01..2025-01-01 bare=2024 "
       "'2024'"},
      {kToday, "revenue by store region in Q3 2025",
       "[in q3 2025] 2025-07-01..2025-10-01 'Q3 2025'"},
  });
}

TEST(TimeExpressionsTest, OtherTodays) {
  ExpectCases({
      {"2026-01-15", "last month", "[last month] 2025-12-01..2026-01-01 'last month'"},
      {"2026-01-15", "the last 3 months",
       "[the last 3 months] 2025-10-01..2026-01-01 'the last 3 months'"},
      {"2026-01-15", "last quarter", "[last quarter] 2025-10-01..2026-01-01 'last quarter'"},
      {"2026-01-15", "in December", "[in december] 2025-12-01..2026-01-01 'December 2025'"},
      {"2026-01-15", "in January", "[in january] 2026-01-01..2026-02-01 'January 2026'"},
      {"2026-01-15", "this week", "[this week] 2026-01-12..2026-01-19 'this week'"},
      {"2026-01-15", "ytd", "[ytd] 2026-01-01..2026-01-16 'year to date'"},
      {"2026-01-15", "last year", "[last year] 2025-01-01..2026-01-01 'last year'"},
      {"2026-01-01", "this week", "[this week] 2025-12-29..2026-01-05 'this week'"},
      {"2026-01-01", "yesterday", "[yesterday] 2025-12-31..2026-01-01 'yesterday'"},
      {"2026-01-01", "last week", "[last week] 2025-12-22..2025-12-29 'last week'"},
      {"2024-02-29", "yesterday", "[yesterday] 2024-02-28..2024-02-29 'yesterday'"},
      {"2024-02-29", "last month", "[last month] 2024-01-01..2024-02-01 'last month'"},
      {"2024-02-29", "this month", "[this month] 2024-02-01..2024-03-01 'this month'"},
      {"2024-02-29", "year to date", "[year to date] 2024-01-01..2024-03-01 'year to date'"},
      {"2024-02-29", "a year ago", "[a year ago] 2023-01-01..2024-01-01 'a year ago'"},
      {"2024-02-29", "Feb 29", "[feb 29] 2024-02-29..2024-03-01 '29 February 2024'"},
      {"2025-03-01", "Feb 29", "[feb 29] 2024-02-29..2024-03-01 '29 February 2024'"},
      {"2025-03-31", "last month", "[last month] 2025-02-01..2025-03-01 'last month'"},
      {"2025-03-31", "the last 3 months",
       "[the last 3 months] 2024-12-01..2025-03-01 'the last 3 months'"},
      {"2025-03-31", "last quarter", "[last quarter] 2024-10-01..2025-01-01 'last quarter'"},
      {"2025-03-31", "in March", "[in march] 2025-03-01..2025-04-01 'March 2025'"},
      {"2025-03-31", "in April", "[in april] 2024-04-01..2024-05-01 'April 2024'"},
      {"2025-11-30", "this week", "[this week] 2025-11-24..2025-12-01 'this week'"},
      {"2025-11-30", "last week", "[last week] 2025-11-17..2025-11-24 'last week'"},
      {"2025-11-30", "last 7 days", "[last 7 days] 2025-11-23..2025-11-30 'the last 7 days'"},
  });
}

// Numbers that are quantities, column names, and month words used as
// English words are not time.
TEST(TimeExpressionsTest, NotTime) {
  const std::vector<const char*> questions = {
      "companies with more than 2000 employees",
      "employees aged above 20",
      "top 5 products",
      "capacity between 5000 and 10000",
      "stadiums with capacity between 1000 and 2000",
      "price from 1000 to 2000",
      "between 500 and 2000",
      "up to 2000 employees",
      "customers over 2000",
      "at least 1990 points",
      "orders with 2024 items",
      "show first name",
      "the second item",
      "second highest salary",
      "order date",
      "the year",
      "which year had the most concerts",
      "release year",
      "date of birth",
      "May I see the sales",
      "which may be late",
      "an august institution",
      "they march to the hall",
      "the march of progress",
      "customers in their 20s",
      "sorted by year",
      "order by date",
      "change the chart to a table",
      "please change it",
      "can you change grouping to region",
      "my mom",
      "the last order",
      "last name",
      "last 5 orders",
      "the first 10 rows",
      "next page",
      "orders that took more than 30 days",
      "delivered within 3 days",
      "by day of week",
      "by region",
      "each customer",
      "per customer",
      "quarter of the orders",
      "half of the customers",
      "name is 'May 2024'",
      "product code 2024",
      "id 2024",
      "2,024 orders",
      "$2024 revenue",
      "2k orders",
      "over 2000 orders",
      "since when",
      "what happened after that",
      "before the launch",
      "over the counter",
      "in the store",
      "this may take a while",
      "show Jan orders",
      "part 1234-05",
  };
  for (const char* question : questions) {
    EXPECT_EQ(FindAndRender(question, kToday), "") << "question: \"" << question << "\"";
  }
}

TEST(TimeExpressionsTest, PercentIsNotAYear) {
  EXPECT_EQ(FindAndRender("2024% growth", kToday),
            "[growth] vs=period 'change from the previous period'");
}

// Every expression lies inside the question, after the one before it, and
// has a range with both ends (start before end) or none.
TEST(TimeExpressionsTest, ExpressionsAreOrderedAndWellFormed) {
  const std::vector<const char*> questions = {
      "revenue by month since March compared with last year, top 5 in 2024",
      "between January and June 2023 by week vs the previous period",
      "ytd revenue growth by quarter for the last 3 years",
      "sales in may 2024 and june 2024 and the first half of 2023 monthly",
  };
  for (const char* question : questions) {
    const Tokens tokens = Tokenize(Normalize(question));
    size_t previous_end = 0;
    for (const TimeExpression& expression : Find(tokens, kToday)) {
      EXPECT_LE(previous_end, expression.begin) << question;
      EXPECT_LT(expression.begin, expression.end) << question;
      EXPECT_LE(expression.end, tokens.size()) << question;
      EXPECT_EQ(expression.range_start.has_value(), expression.range_end.has_value()) << question;
      if (expression.range_start) {
        EXPECT_LT(*expression.range_start, *expression.range_end) << question;
      }
      EXPECT_FALSE(expression.phrase.empty()) << question;
      previous_end = expression.end;
    }
  }
}

TEST(TimeExpressionsTest, EmptyQuestion) { EXPECT_TRUE(Find(Tokens{}, kToday).empty()); }

}  // namespace
}  // namespace scry::nlq
