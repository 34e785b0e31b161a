/** The demo data's public surface: the real movie catalog and the seeded synthetic-ratings generator. */
export { DEMO_GENRES, DEMO_MOVIES, type DemoGenre, type DemoMovie } from './movies';
export { DEMO_MODEL, generateDemoData, generateDemoWorld, type DemoData, type DemoDataOptions, type DemoItem, type DemoRatings, type DemoTruth } from './generate-demo';
