/**
 * The shop's departments (top-level categories), their sub-categories and the words product titles
 * are made of. Invented brands; plain product nouns. Changing a list changes every generated shop,
 * so add at the end.
 */
export interface Department {
  name: string;
  /** median price in the shop's currency; prices are log-normal around it */
  medianPrice: number;
  /** how widely the department appeals: added to its items' popularity rank key */
  mainstream: number;
  subcategories: { name: string; nouns: string[] }[];
}

export const DEPARTMENTS: readonly Department[] = [
  {
    name: 'electronics',
    medianPrice: 89,
    mainstream: 0.5,
    subcategories: [
      { name: 'audio', nouns: ['Wireless Earbuds', 'Bluetooth Speaker', 'Over-Ear Headphones', 'Soundbar', 'Turntable'] },
      { name: 'phones', nouns: ['Smartphone', 'Phone Case', 'Fast Charger', 'Power Bank', 'Screen Protector'] },
      { name: 'computers', nouns: ['Laptop Stand', 'Mechanical Keyboard', 'Wireless Mouse', 'USB-C Hub', '27" Monitor'] },
      { name: 'cameras', nouns: ['Action Camera', 'Camera Tripod', 'Mirrorless Camera', 'Memory Card', 'Camera Bag'] },
      { name: 'gaming', nouns: ['Game Controller', 'Gaming Headset', 'Racing Wheel', 'Gaming Chair', 'Console Dock'] },
    ],
  },
  {
    name: 'kitchen',
    medianPrice: 35,
    mainstream: 0.3,
    subcategories: [
      { name: 'cookware', nouns: ['Cast-Iron Skillet', 'Saucepan Set', 'Dutch Oven', 'Wok', 'Baking Tray'] },
      { name: 'appliances', nouns: ['Electric Kettle', 'Toaster', 'Stand Mixer', 'Air Fryer', 'Blender'] },
      { name: 'tableware', nouns: ['Dinner Plates', 'Wine Glasses', 'Cutlery Set', 'Serving Bowl', 'Mug Set'] },
      { name: 'coffee', nouns: ['Pour-Over Kit', 'Burr Grinder', 'Espresso Machine', 'French Press', 'Milk Frother'] },
    ],
  },
  {
    name: 'books',
    medianPrice: 15,
    mainstream: 0.2,
    subcategories: [
      { name: 'fiction', nouns: ['Novel', 'Short Stories', 'Thriller', 'Mystery Novel', 'Historical Novel'] },
      { name: 'cooking', nouns: ['Baking Book', 'Vegetarian Cookbook', 'Weeknight Recipes', 'Bread Handbook', 'Spice Guide'] },
      { name: 'science', nouns: ['Astronomy Guide', 'History of Physics', 'Field Guide to Birds', 'Brain Science', 'Climate Atlas'] },
      { name: 'children', nouns: ['Picture Book', 'Bedtime Stories', 'Activity Book', 'First Words Book', 'Pop-Up Book'] },
      { name: 'travel', nouns: ['City Guide', 'Hiking Guide', 'Road Atlas', 'Phrasebook', 'Travel Journal'] },
    ],
  },
  {
    name: 'fashion',
    medianPrice: 45,
    mainstream: 0.4,
    subcategories: [
      { name: 'shoes', nouns: ['Leather Sneakers', 'Ankle Boots', 'Canvas Shoes', 'Sandals', 'Loafers'] },
      { name: 'outerwear', nouns: ['Rain Jacket', 'Wool Coat', 'Puffer Vest', 'Denim Jacket', 'Parka'] },
      { name: 'accessories', nouns: ['Leather Belt', 'Wool Scarf', 'Sunglasses', 'Backpack', 'Wallet'] },
      { name: 'activewear', nouns: ['Running Tights', 'Sports Bra', 'Training Shorts', 'Hoodie', 'Base Layer'] },
    ],
  },
  {
    name: 'sports',
    medianPrice: 40,
    mainstream: 0.1,
    subcategories: [
      { name: 'running', nouns: ['Running Shoes', 'GPS Watch', 'Hydration Vest', 'Reflective Band', 'Running Cap'] },
      { name: 'cycling', nouns: ['Bike Helmet', 'Bike Light Set', 'Cycling Gloves', 'Bike Lock', 'Saddle Bag'] },
      { name: 'camping', nouns: ['Two-Person Tent', 'Sleeping Bag', 'Camping Stove', 'Headlamp', 'Trekking Poles'] },
      { name: 'fitness', nouns: ['Yoga Mat', 'Kettlebell', 'Resistance Bands', 'Foam Roller', 'Jump Rope'] },
    ],
  },
  {
    name: 'beauty',
    medianPrice: 22,
    mainstream: 0.1,
    subcategories: [
      { name: 'skincare', nouns: ['Face Serum', 'Moisturizer', 'Sunscreen', 'Cleansing Balm', 'Eye Cream'] },
      { name: 'haircare', nouns: ['Shampoo', 'Hair Dryer', 'Conditioner', 'Hair Oil', 'Styling Brush'] },
      { name: 'fragrance', nouns: ['Eau de Parfum', 'Scented Candle', 'Body Mist', 'Solid Perfume', 'Diffuser'] },
    ],
  },
  {
    name: 'toys',
    medianPrice: 25,
    mainstream: 0,
    subcategories: [
      { name: 'puzzles', nouns: ['1000-Piece Puzzle', 'Brain Teaser', '3D Puzzle', 'Puzzle Mat', 'Wooden Puzzle'] },
      { name: 'building', nouns: ['Building Blocks', 'Marble Run', 'Robot Kit', 'Magnetic Tiles', 'Model Kit'] },
      { name: 'outdoor-play', nouns: ['Kite', 'Water Blaster', 'Balance Bike', 'Frisbee', 'Sandbox Set'] },
    ],
  },
  {
    name: 'garden',
    medianPrice: 30,
    mainstream: -0.2,
    subcategories: [
      { name: 'tools', nouns: ['Pruning Shears', 'Garden Hose', 'Hand Trowel', 'Leaf Rake', 'Watering Can'] },
      { name: 'plants', nouns: ['Herb Seeds', 'Olive Tree', 'Succulent Set', 'Tomato Seedlings', 'Lavender Plant'] },
      { name: 'furniture', nouns: ['Garden Bench', 'Hammock', 'Parasol', 'Folding Chair', 'Planter Box'] },
    ],
  },
  {
    name: 'home',
    medianPrice: 38,
    mainstream: 0.2,
    subcategories: [
      { name: 'lighting', nouns: ['Desk Lamp', 'Floor Lamp', 'String Lights', 'Smart Bulb', 'Pendant Light'] },
      { name: 'bedding', nouns: ['Duvet Cover', 'Linen Sheets', 'Pillow', 'Weighted Blanket', 'Throw'] },
      { name: 'storage', nouns: ['Storage Boxes', 'Shoe Rack', 'Wall Shelf', 'Laundry Basket', 'Drawer Organizer'] },
      { name: 'decor', nouns: ['Wall Clock', 'Picture Frame', 'Vase', 'Rug', 'Mirror'] },
    ],
  },
  {
    name: 'grocery',
    medianPrice: 9,
    mainstream: 0.3,
    subcategories: [
      { name: 'tea', nouns: ['Green Tea', 'Earl Grey', 'Herbal Infusion', 'Matcha', 'Chai Blend'] },
      { name: 'snacks', nouns: ['Trail Mix', 'Dark Chocolate', 'Rice Crackers', 'Granola Bars', 'Salted Almonds'] },
      { name: 'pantry', nouns: ['Olive Oil', 'Pasta', 'Maple Syrup', 'Hot Sauce', 'Honey'] },
    ],
  },
];

export const BRANDS: readonly string[] = [
  'Northwind',
  'Acme',
  'Brightline',
  'Cobalt',
  'Fjord',
  'Halcyon',
  'Juniper',
  'Kestrel',
  'Lumen',
  'Meridian',
  'Oakridge',
  'Pinnacle',
  'Quill',
  'Sable',
  'Tandem',
  'Vireo',
  'Wrenfield',
  'Yarrow',
  'Zephyr',
  'Alder',
];

export const ADJECTIVES: readonly string[] = ['Compact', 'Classic', 'Pro', 'Everyday', 'Deluxe', 'Lite', 'Essential', 'Premium', 'Eco', 'Travel', 'Ultra', 'Mini'];

export const COLORS: readonly string[] = ['black', 'white', 'grey', 'navy', 'green', 'red', 'sand', 'blue'];
