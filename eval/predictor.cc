#include "eval/predictor.h"

namespace scry::eval {
namespace {

class FunctionPredictor final : public Predictor {
 public:
  FunctionPredictor(EvalDatabase database, const PredictFunction& function)
      : database_(std::move(database)), function_(function) {}

  Prediction Predict(const PredictRequest& request, engine::Connection& connection) override {
    return function_(database_, request);
  }

 private:
  EvalDatabase database_;
  const PredictFunction& function_;
};

class FunctionPredictorFactory final : public PredictorFactory {
 public:
  explicit FunctionPredictorFactory(PredictFunction function) : function_(std::move(function)) {}

  StatusOr<std::unique_ptr<Predictor>> ForDatabase(const EvalDatabase& database) override {
    return std::unique_ptr<Predictor>(std::make_unique<FunctionPredictor>(database, function_));
  }

 private:
  PredictFunction function_;
};

}  // namespace

std::unique_ptr<PredictorFactory> MakeFunctionPredictorFactory(PredictFunction function) {
  return std::make_unique<FunctionPredictorFactory>(std::move(function));
}

}  // namespace scry::eval
