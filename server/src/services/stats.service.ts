import type { Repositories } from './repositories';

export class StatsService {
  constructor(private readonly repos: Repositories) {}

  async datasetStats() {
    const s = await this.repos.stats.datasetStats();
    const cells = s.users * s.items;
    return { ...s, density: cells ? s.interactions / cells : 0 };
  }

  ratingHistogram() {
    return this.repos.stats.ratingHistogram();
  }

  itemPopularityCurve() {
    return this.repos.stats.itemPopularityCurve();
  }
}
