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

  /** for the dashboard: how many interactions of each kind, with its polarity */
  interactionsByType() {
    return this.repos.stats.interactionsByKind();
  }

  itemPopularityCurve() {
    return this.repos.stats.itemPopularityCurve();
  }
}
