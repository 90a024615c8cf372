#include "engine/duckdb/demo_vocabulary.h"

namespace scry::engine::demo {
namespace {

constexpr City kCities[] = {
    {"North America", "United States", "New York", 6.0},
    {"North America", "United States", "Los Angeles", 5.0},
    {"North America", "United States", "Chicago", 4.0},
    {"North America", "United States", "Houston", 3.0},
    {"North America", "United States", "San Francisco", 3.0},
    {"North America", "United States", "Seattle", 3.0},
    {"North America", "United States", "Boston", 2.5},
    {"North America", "United States", "Atlanta", 2.5},
    {"North America", "United States", "Miami", 2.5},
    {"North America", "United States", "Denver", 2.0},
    {"North America", "Canada", "Toronto", 3.0},
    {"North America", "Canada", "Vancouver", 2.0},
    {"North America", "Canada", "Montreal", 1.5},
    {"Europe", "United Kingdom", "London", 4.0},
    {"Europe", "United Kingdom", "Manchester", 1.5},
    {"Europe", "United Kingdom", "Edinburgh", 1.0},
    {"Europe", "Germany", "Berlin", 3.0},
    {"Europe", "Germany", "Munich", 2.0},
    {"Europe", "Germany", "Hamburg", 1.5},
    {"Europe", "France", "Paris", 3.5},
    {"Europe", "France", "Lyon", 1.5},
    {"Europe", "France", "Marseille", 1.0},
    {"Europe", "Spain", "Madrid", 2.0},
    {"Europe", "Spain", "Barcelona", 2.0},
    {"Europe", "Italy", "Milan", 2.0},
    {"Europe", "Italy", "Rome", 1.5},
    {"Europe", "Netherlands", "Amsterdam", 1.5},
    {"Europe", "Netherlands", "Rotterdam", 0.5},
    {"Europe", "Sweden", "Stockholm", 1.5},
    {"Asia Pacific", "Japan", "Tokyo", 4.0},
    {"Asia Pacific", "Japan", "Osaka", 2.0},
    {"Asia Pacific", "Australia", "Sydney", 3.0},
    {"Asia Pacific", "Australia", "Melbourne", 2.5},
    {"Asia Pacific", "Australia", "Brisbane", 1.0},
    {"Asia Pacific", "Singapore", "Singapore", 2.0},
    {"Asia Pacific", "India", "Mumbai", 1.5},
    {"Asia Pacific", "India", "Bangalore", 1.5},
    {"Asia Pacific", "South Korea", "Seoul", 2.5},
    {"Latin America", "Brazil", "Sao Paulo", 3.0},
    {"Latin America", "Brazil", "Rio de Janeiro", 1.5},
    {"Latin America", "Mexico", "Mexico City", 2.5},
    {"Latin America", "Mexico", "Guadalajara", 0.5},
    {"Latin America", "Argentina", "Buenos Aires", 1.5},
    {"Latin America", "Chile", "Santiago", 1.0},
};

// Electronics.
constexpr const char* kAudio[] = {"Earbuds", "Headphones", "Speaker", "Soundbar"};
constexpr const char* kComputers[] = {"Laptop", "Tablet", "Chromebook", "Monitor"};
constexpr const char* kPhones[] = {"Smartphone", "Phone Case", "Charger", "Power Bank"};
constexpr const char* kTv[] = {"Television", "Streaming Stick", "Projector"};
constexpr const char* kCameras[] = {"Action Camera", "Mirrorless Camera", "Tripod", "Webcam"};
constexpr Subcategory kElectronicsSubs[] = {
    {"Audio", kAudio, 25, 400},
    {"Computers", kComputers, 150, 2000},
    {"Phones & Accessories", kPhones, 12, 1200},
    {"TV & Video", kTv, 30, 2500},
    {"Cameras", kCameras, 20, 1800},
};
constexpr const char* kElectronicsBrands[] = {"Voltaro", "Nexband", "Lumetric", "Auralis",
                                              "Corebit"};
constexpr const char* kElectronicsAdjectives[] = {"Wireless", "Smart",    "Compact", "Pro",
                                                  "Ultra",    "Portable", "Slim"};
constexpr const char* kElectronicsVariants[] = {"Black", "White", "Silver", "Graphite", "Blue"};

// Home & Kitchen.
constexpr const char* kCookware[] = {"Frying Pan", "Saucepan", "Dutch Oven", "Wok"};
constexpr const char* kAppliances[] = {"Blender", "Coffee Maker", "Toaster", "Air Fryer", "Kettle"};
constexpr const char* kBedding[] = {"Duvet Cover", "Pillow", "Sheet Set", "Throw Blanket"};
constexpr const char* kFurniture[] = {"Bookshelf", "Desk", "Office Chair", "Side Table"};
constexpr const char* kDecor[] = {"Table Lamp", "Wall Clock", "Vase", "Picture Frame"};
constexpr Subcategory kHomeSubs[] = {
    {"Cookware", kCookware, 15, 250}, {"Small Appliances", kAppliances, 20, 400},
    {"Bedding", kBedding, 15, 200},   {"Furniture", kFurniture, 40, 900},
    {"Decor", kDecor, 8, 150},
};
constexpr const char* kHomeBrands[] = {"Hearthly", "Copperleaf", "Dwellwise", "Kitchora",
                                       "Stillwood"};
constexpr const char* kHomeAdjectives[] = {"Classic", "Modern",    "Nonstick", "Stainless",
                                           "Rustic",  "Essential", "Deluxe"};
constexpr const char* kHomeVariants[] = {"Charcoal", "Cream", "Sage", "Large", "Small"};

// Clothing.
constexpr const char* kTops[] = {"T-Shirt", "Polo", "Sweater", "Hoodie", "Blouse"};
constexpr const char* kBottoms[] = {"Jeans", "Chinos", "Shorts", "Skirt"};
constexpr const char* kOuterwear[] = {"Rain Jacket", "Parka", "Fleece", "Blazer"};
constexpr const char* kFootwear[] = {"Sneakers", "Boots", "Sandals", "Loafers"};
constexpr const char* kClothingAccessories[] = {"Scarf", "Belt", "Cap", "Backpack"};
constexpr Subcategory kClothingSubs[] = {
    {"Tops", kTops, 12, 120},
    {"Bottoms", kBottoms, 20, 150},
    {"Outerwear", kOuterwear, 45, 400},
    {"Footwear", kFootwear, 30, 250},
    {"Accessories", kClothingAccessories, 10, 120},
};
constexpr const char* kClothingBrands[] = {"Thread & Pine", "Urbanvale", "Marlow Lane",
                                           "Fernhollow", "Copper Fox"};
constexpr const char* kClothingAdjectives[] = {"Classic", "Slim",     "Relaxed", "Organic Cotton",
                                               "Merino",  "Everyday", "Vintage"};
constexpr const char* kClothingVariants[] = {"Navy", "Olive", "Black", "Heather Grey", "Sand"};

// Sports & Outdoors.
constexpr const char* kCamping[] = {"Tent", "Sleeping Bag", "Camp Stove", "Headlamp"};
constexpr const char* kFitness[] = {"Yoga Mat", "Dumbbell Set", "Resistance Bands", "Kettlebell"};
constexpr const char* kCycling[] = {"Bike Helmet", "Bike Light", "Cycling Jersey", "Bike Lock"};
constexpr const char* kRunning[] = {"Running Shoes", "Running Vest", "Water Bottle",
                                    "Sports Watch"};
constexpr const char* kTeamSports[] = {"Soccer Ball", "Basketball", "Tennis Racket",
                                       "Goalkeeper Gloves"};
constexpr Subcategory kSportsSubs[] = {
    {"Camping", kCamping, 15, 600},        {"Fitness", kFitness, 10, 300},
    {"Cycling", kCycling, 15, 250},        {"Running", kRunning, 10, 450},
    {"Team Sports", kTeamSports, 15, 220},
};
constexpr const char* kSportsBrands[] = {"Trailforge", "Peakline", "Rivermark", "Stridemax",
                                         "Boreal Gear"};
constexpr const char* kSportsAdjectives[] = {"Lightweight", "All-Weather", "Trail",
                                             "Performance", "Ultralight",  "Rugged"};
constexpr const char* kSportsVariants[] = {"Red", "Forest Green", "Black", "Orange", "Slate"};

// Beauty.
constexpr const char* kSkincare[] = {"Face Cream", "Cleanser", "Serum", "Sunscreen"};
constexpr const char* kHairCare[] = {"Shampoo", "Conditioner", "Hair Oil", "Hair Dryer"};
constexpr const char* kMakeup[] = {"Lipstick", "Mascara", "Foundation", "Eyeliner"};
constexpr const char* kFragrance[] = {"Eau de Parfum", "Body Mist", "Cologne"};
constexpr Subcategory kBeautySubs[] = {
    {"Skincare", kSkincare, 8, 90},
    {"Hair Care", kHairCare, 6, 180},
    {"Makeup", kMakeup, 6, 60},
    {"Fragrance", kFragrance, 20, 160},
};
constexpr const char* kBeautyBrands[] = {"Lumiere Botanics", "Dewdrop", "Velour Skin", "Purelle",
                                         "Amberly"};
constexpr const char* kBeautyAdjectives[] = {"Hydrating",  "Gentle",         "Radiant",
                                             "Nourishing", "Fragrance-Free", "Daily"};
constexpr const char* kBeautyVariants[] = {"50 ml", "100 ml", "Travel Size", "Rose", "Citrus"};

// Toys.
constexpr const char* kBuilding[] = {"Building Set", "Marble Run", "Construction Kit"};
constexpr const char* kGames[] = {"Board Game", "Jigsaw Puzzle", "Card Game"};
constexpr const char* kDolls[] = {"Doll", "Action Figure", "Plush Bear"};
constexpr const char* kOutdoorPlay[] = {"Scooter", "Kite", "Water Blaster"};
constexpr Subcategory kToysSubs[] = {
    {"Building Sets", kBuilding, 15, 180},
    {"Games & Puzzles", kGames, 8, 70},
    {"Dolls & Figures", kDolls, 8, 80},
    {"Outdoor Play", kOutdoorPlay, 10, 150},
};
constexpr const char* kToysBrands[] = {"Tinkertot", "Brightblock", "Puzzleroo", "Wonderkit",
                                       "Little Comet"};
constexpr const char* kToysAdjectives[] = {"Classic",  "Junior", "Deluxe",
                                           "Magnetic", "Wooden", "Glow-in-the-Dark"};
constexpr const char* kToysVariants[] = {"Ages 3+", "Ages 6+", "Ages 8+", "Family Edition"};

// Books.
constexpr const char* kFiction[] = {"Novel", "Mystery", "Fantasy Saga", "Short Stories"};
constexpr const char* kNonFiction[] = {"Biography", "History", "Essays"};
constexpr const char* kChildrens[] = {"Picture Book", "Bedtime Stories", "Activity Book"};
constexpr const char* kCookbooks[] = {"Baking Book", "Vegetarian Cookbook", "Grilling Guide"};
constexpr const char* kReference[] = {"Atlas", "Dictionary", "Field Guide"};
constexpr Subcategory kBooksSubs[] = {
    {"Fiction", kFiction, 8, 35},      {"Non-Fiction", kNonFiction, 10, 45},
    {"Children's", kChildrens, 6, 25}, {"Cookbooks", kCookbooks, 12, 50},
    {"Reference", kReference, 10, 80},
};
constexpr const char* kBooksBrands[] = {"Lanternhouse", "Quillstone Press", "Northpage",
                                        "Ember & Ink", "Bluequill"};
constexpr const char* kBooksAdjectives[] = {"Illustrated", "Complete",  "Pocket",
                                            "Collector's", "Annotated", "Beginner's"};
constexpr const char* kBooksVariants[] = {"Hardcover", "Paperback", "Large Print"};

// Grocery.
constexpr const char* kCoffee[] = {"Coffee Beans", "Ground Coffee", "Green Tea", "Chai"};
constexpr const char* kPantry[] = {"Olive Oil", "Pasta", "Rice", "Granola"};
constexpr const char* kSnacks[] = {"Trail Mix", "Crackers", "Dark Chocolate", "Popcorn"};
constexpr const char* kBeverages[] = {"Sparkling Water", "Juice", "Kombucha"};
constexpr Subcategory kGrocerySubs[] = {
    {"Coffee & Tea", kCoffee, 4, 30},
    {"Pantry", kPantry, 2, 25},
    {"Snacks", kSnacks, 2, 12},
    {"Beverages", kBeverages, 2, 15},
};
constexpr const char* kGroceryBrands[] = {"Meadowfold", "Goldgrain", "Sunhollow", "Fresh Acre",
                                          "Olivaro"};
constexpr const char* kGroceryAdjectives[] = {"Organic", "Whole Grain",   "Roasted",
                                              "Natural", "Single-Origin", "Extra Fine"};
constexpr const char* kGroceryVariants[] = {"250 g", "500 g", "1 kg", "Family Pack", "6-Pack"};

constexpr Category kCategories[] = {
    {"Electronics", kElectronicsBrands, kElectronicsAdjectives, kElectronicsVariants,
     kElectronicsSubs},
    {"Home & Kitchen", kHomeBrands, kHomeAdjectives, kHomeVariants, kHomeSubs},
    {"Clothing", kClothingBrands, kClothingAdjectives, kClothingVariants, kClothingSubs},
    {"Sports & Outdoors", kSportsBrands, kSportsAdjectives, kSportsVariants, kSportsSubs},
    {"Beauty", kBeautyBrands, kBeautyAdjectives, kBeautyVariants, kBeautySubs},
    {"Toys", kToysBrands, kToysAdjectives, kToysVariants, kToysSubs},
    {"Books", kBooksBrands, kBooksAdjectives, kBooksVariants, kBooksSubs},
    {"Grocery", kGroceryBrands, kGroceryAdjectives, kGroceryVariants, kGrocerySubs},
};

constexpr const char* kFirstNames[] = {
    "Olivia",   "Liam",   "Emma",   "Noah",   "Ava",       "Lucas", "Sophia", "Mateo",
    "Isabella", "Elias",  "Mia",    "Leo",    "Amelia",    "Hugo",  "Harper", "Oscar",
    "Chloe",    "Arjun",  "Hana",   "Kenji",  "Priya",     "Diego", "Lucia",  "Sofia",
    "Felix",    "Clara",  "Jonas",  "Nora",   "Omar",      "Layla", "Ethan",  "Grace",
    "Daniel",   "Zoe",    "Samuel", "Aisha",  "Mei",       "Wei",   "Yuki",   "Ravi",
    "Ana",      "Pedro",  "Camila", "Javier", "Elena",     "Marco", "Giulia", "Lars",
    "Ingrid",   "Tomasz", "Zofia",  "Jack",   "Charlotte", "Henry", "Lily",   "James",
    "Maya",     "Kai",    "Aria",   "Finn",   "Rosa",      "Malik", "Nina",   "Theo",
};

constexpr const char* kLastNames[] = {
    "Smith",    "Johnson",   "Garcia",   "Martinez", "Brown",  "Miller",   "Davis",    "Wilson",
    "Anderson", "Taylor",    "Thomas",   "Moore",    "Martin", "Lee",      "Thompson", "White",
    "Harris",   "Clark",     "Lewis",    "Walker",   "Young",  "King",     "Wright",   "Lopez",
    "Hill",     "Green",     "Baker",    "Nelson",   "Carter", "Mitchell", "Perez",    "Roberts",
    "Turner",   "Phillips",  "Campbell", "Parker",   "Evans",  "Edwards",  "Collins",  "Stewart",
    "Morris",   "Murphy",    "Cook",     "Rogers",   "Morgan", "Cooper",   "Peterson", "Reed",
    "Bailey",   "Kim",       "Park",     "Chen",     "Wang",   "Singh",    "Patel",    "Tanaka",
    "Sato",     "Schmidt",   "Weber",    "Rossi",    "Silva",  "Santos",   "Novak",    "Larsen",
    "Dubois",   "Fernandez", "Okafor",   "Haddad",
};

constexpr const char* kCompanyStems[] = {
    "Summit",    "Harbor",    "Pioneer",  "Bluewater",   "Ironwood",  "Maple",
    "Crescent",  "Evergreen", "Keystone", "Silverline",  "Northstar", "Redwood",
    "Granite",   "Beacon",    "Cedar",    "Falcon",      "Meridian",  "Oakridge",
    "Riverbend", "Sterling",  "Juniper",  "Copperfield", "Lakeshore", "Brightpath",
};
constexpr const char* kCompanyTrades[] = {
    "Logistics", "Consulting", "Supplies", "Trading", "Builders",   "Foods",
    "Media",     "Health",     "Systems",  "Design",  "Outfitters", "Hospitality",
};
constexpr const char* kCompanySuffixes[] = {"Inc.", "LLC", "Ltd", "Group", "Co.", "Partners"};

constexpr const char* kStoreSites[] = {
    "Central", "Riverside", "Galleria", "Market Street", "Old Town", "Harbourfront",
    "Station", "Park Mall", "Outlet",   "Westgate",      "Eastside", "Uptown",
};

}  // namespace

std::span<const City> Cities() { return kCities; }
std::span<const Category> Categories() { return kCategories; }
std::span<const char* const> FirstNames() { return kFirstNames; }
std::span<const char* const> LastNames() { return kLastNames; }
std::span<const char* const> CompanyStems() { return kCompanyStems; }
std::span<const char* const> CompanyTrades() { return kCompanyTrades; }
std::span<const char* const> CompanySuffixes() { return kCompanySuffixes; }
std::span<const char* const> StoreSites() { return kStoreSites; }

}  // namespace scry::engine::demo
