/* eslint-disable */
import * as types from './graphql';
import type { TypedDocumentNode as DocumentNode } from '@graphql-typed-document-node/core';

/**
 * Map of all GraphQL operations in the project.
 *
 * This map has several performance disadvantages:
 * 1. It is not tree-shakeable, so it will include all operations in the project.
 * 2. It is not minifiable, so the string of a GraphQL query will be multiple times inside the bundle.
 * 3. It does not support dead code elimination, so it will add unused operations.
 *
 * Therefore it is highly recommended to use the babel or swc plugin for production.
 * Learn more about it here: https://the-guild.dev/graphql/codegen/plugins/presets/preset-client#reducing-bundle-size
 */
type Documents = {
    "\n  query UserIdSuggestions($prefix: String!) {\n    userIds(prefix: $prefix, limit: 10)\n  }\n": typeof types.UserIdSuggestionsDocument,
    "\n  fragment AdminItem on Item {\n    id\n    title\n    displayTitle\n    categories\n    description\n    publishedAt\n    year\n    hidden\n    attributes\n  }\n": typeof types.AdminItemFragmentDoc,
    "\n  mutation UpsertItem($input: ItemInput!) {\n    upsertItems(inputs: [$input]) {\n      ...AdminItem\n    }\n  }\n": typeof types.UpsertItemDocument,
    "\n  mutation DeleteItem($id: ID!) {\n    deleteItem(id: $id)\n  }\n": typeof types.DeleteItemDocument,
    "\n  query ItemIdTaken($id: ID!) {\n    item(id: $id) {\n      id\n      displayTitle\n    }\n  }\n": typeof types.ItemIdTakenDocument,
    "\n  query AdminItems($search: String, $after: String) {\n    items(search: $search, first: 20, after: $after) {\n      totalCount\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n      edges {\n        node {\n          ...AdminItem\n        }\n      }\n    }\n  }\n": typeof types.AdminItemsDocument,
    "\n  mutation SetItemHidden($id: ID!, $title: String!, $hidden: Boolean!) {\n    upsertItems(inputs: [{ id: $id, title: $title, hidden: $hidden }]) {\n      ...AdminItem\n    }\n  }\n": typeof types.SetItemHiddenDocument,
    "\n  fragment CatalogRow on Item {\n    id\n    displayTitle\n    year\n    categories\n    hidden\n    averageRating\n    ratingCount\n  }\n": typeof types.CatalogRowFragmentDoc,
    "\n  query CatalogItems($search: String, $genre: String, $after: String) {\n    items(search: $search, genre: $genre, first: 20, after: $after) {\n      totalCount\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n      edges {\n        node {\n          ...CatalogRow\n        }\n      }\n    }\n  }\n": typeof types.CatalogItemsDocument,
    "\n  query Categories {\n    genres\n  }\n": typeof types.CategoriesDocument,
    "\n  query ItemDetails($id: ID!) {\n    item(id: $id) {\n      ...CatalogRow\n      description\n      ratingDistribution {\n        rating\n        count\n      }\n      similar(limit: 10) {\n        ...CatalogRow\n      }\n    }\n  }\n": typeof types.ItemDetailsDocument,
    "\n  query CompareStrategies($userId: ID!) {\n    compareStrategies(userId: $userId, limit: 10) {\n      ...CompareColumn\n    }\n    user(id: $userId) {\n      id\n      ratingCount\n      ratings(first: 100) {\n        edges {\n          node {\n            rating\n            item {\n              id\n              categories\n            }\n          }\n        }\n      }\n    }\n  }\n": typeof types.CompareStrategiesDocument,
    "\n  fragment CompareColumn on StrategyRecommendations {\n    strategy\n    recommendations {\n      score\n      reasons\n      item {\n        id\n        displayTitle\n        year\n        categories\n      }\n    }\n  }\n": typeof types.CompareColumnFragmentDoc,
    "\n  query DatasetOverview {\n    datasetStats {\n      users\n      items\n      interactions\n      ratings\n      density\n      ratingHistogram {\n        rating\n        count\n      }\n      interactionsByType {\n        kind\n        polarity\n        count\n      }\n      itemPopularity\n    }\n  }\n": typeof types.DatasetOverviewDocument,
    "\n  fragment ExperimentRow on Experiment {\n    id\n    name\n    metric\n    status\n    leader\n    probabilityLeaderIsBest\n    startedAt\n    stoppedAt\n    arms {\n      name\n      strategy\n      modelVersionId\n      traffic\n      impressions\n      clicks\n      conversions\n      rate\n      rateLow\n      rateHigh\n      probabilityBest\n    }\n  }\n": typeof types.ExperimentRowFragmentDoc,
    "\n  query Experiments {\n    experiments {\n      ...ExperimentRow\n    }\n  }\n": typeof types.ExperimentsDocument,
    "\n  fragment ModelVersionRow on ModelVersion {\n    id\n    strategy\n    status\n    active\n    createdAt\n    trainedSeconds\n    statusReason\n    metrics {\n      k\n      rmse\n      mae\n      precisionAtK\n      recallAtK\n      ndcgAtK\n      mapAtK\n      coverage\n    }\n  }\n": typeof types.ModelVersionRowFragmentDoc,
    "\n  query ModelVersions {\n    models(limit: 50) {\n      ...ModelVersionRow\n    }\n  }\n": typeof types.ModelVersionsDocument,
    "\n  mutation ActivateModel($id: ID!) {\n    activateModel(id: $id) {\n      ...ModelVersionRow\n    }\n  }\n": typeof types.ActivateModelDocument,
    "\n  query OnlineByStrategy($from: DateTime!, $bucket: TimeBucket!) {\n    onlineMetrics(from: $from, groupBy: STRATEGY, bucket: $bucket) {\n      strategy\n      bucketStart\n      impressions\n      clicks\n      ctr\n    }\n  }\n": typeof types.OnlineByStrategyDocument,
    "\n  fragment TrainingJobRow on TrainingJob {\n    id\n    strategy\n    status\n    stage\n    progress\n    epoch\n    loss\n    error\n    reason\n    createdAt\n    startedAt\n    finishedAt\n    modelVersion {\n      id\n      active\n      statusReason\n    }\n  }\n": typeof types.TrainingJobRowFragmentDoc,
    "\n  query TrainingJobs {\n    trainingJobs(limit: 20) {\n      ...TrainingJobRow\n    }\n  }\n": typeof types.TrainingJobsDocument,
    "\n  mutation TrainModel($strategy: Strategy!, $params: JSON) {\n    trainModel(strategy: $strategy, params: $params) {\n      ...TrainingJobRow\n    }\n  }\n": typeof types.TrainModelDocument,
    "\n  query TrainingJobProgress($id: ID!) {\n    trainingJob(id: $id) {\n      ...TrainingJobRow\n    }\n  }\n": typeof types.TrainingJobProgressDocument,
    "\n  query OnlineByVersion($from: DateTime!) {\n    onlineMetrics(from: $from, groupBy: MODEL_VERSION, bucket: DAY) {\n      modelVersionId\n      impressions\n      clicks\n      conversions\n    }\n  }\n": typeof types.OnlineByVersionDocument,
    "\n  fragment RatingHistoryRow on Rating {\n    rating\n    ratedAt\n    item {\n      id\n      displayTitle\n      year\n    }\n  }\n": typeof types.RatingHistoryRowFragmentDoc,
    "\n  query RatingHistory($userId: ID!, $first: Int!) {\n    user(id: $userId) {\n      id\n      ratingCount\n      interactionCount\n      ratings(first: $first) {\n        totalCount\n        pageInfo {\n          hasNextPage\n        }\n        edges {\n          node {\n            ...RatingHistoryRow\n          }\n        }\n      }\n    }\n  }\n": typeof types.RatingHistoryDocument,
    "\n  fragment RecommendationCard on Recommendation {\n    score\n    strategy\n    reasons\n    item {\n      id\n      displayTitle\n      year\n      categories\n      averageRating\n      ratingCount\n    }\n  }\n": typeof types.RecommendationCardFragmentDoc,
    "\n  query Recommendations($userId: ID!, $strategy: Strategy!, $limit: Int!) {\n    recommendations(userId: $userId, strategy: $strategy, limit: $limit) {\n      ...RecommendationCard\n    }\n  }\n": typeof types.RecommendationsDocument,
    "\n  mutation RateItem($input: RateItemInput!) {\n    rateItem(input: $input) {\n      rating\n      ratedAt\n      item {\n        id\n        ratingCount\n        averageRating\n      }\n    }\n  }\n": typeof types.RateItemDocument,
    "\n  query TasteMapStrategies {\n    strategies {\n      name\n      hasTasteMap\n    }\n  }\n": typeof types.TasteMapStrategiesDocument,
    "\n  query TasteMap($strategy: Strategy!, $userId: ID, $limit: Int!) {\n    tasteMap(strategy: $strategy, userId: $userId, limit: $limit) {\n      strategy\n      modelVersionId\n      explainedVariance\n      items {\n        item {\n          id\n          displayTitle\n          year\n        }\n        x\n        y\n        popularity\n        rated\n        recommended\n      }\n      user {\n        x\n        y\n      }\n    }\n  }\n": typeof types.TasteMapDocument,
    "\n  mutation CreateUser($input: CreateUserInput!) {\n    createUser(input: $input) {\n      id\n      ratingCount\n    }\n  }\n": typeof types.CreateUserDocument,
    "\n  query UserToDelete($id: ID!) {\n    user(id: $id) {\n      id\n      interactionCount\n    }\n  }\n": typeof types.UserToDeleteDocument,
    "\n  mutation DeleteUser($id: ID!) {\n    deleteUser(id: $id)\n  }\n": typeof types.DeleteUserDocument,
    "\n  query ColdStartRecommendations($userId: ID!) {\n    user(id: $userId) {\n      id\n      ratingCount\n    }\n    recommendations(userId: $userId, strategy: AUTO, limit: 10) {\n      ...RecommendationCard\n    }\n  }\n": typeof types.ColdStartRecommendationsDocument,
    "\n  query PopularPicks {\n    popularItems(limit: 24) {\n      id\n      displayTitle\n      year\n      categories\n    }\n  }\n": typeof types.PopularPicksDocument,
    "\n  fragment StrategyInfoFields on StrategyInfo {\n    name\n    description\n    personalized\n    predictsRatings\n    trainable\n    served\n    params {\n      name\n      kind\n      min\n      max\n      minExclusive\n      default\n      choices\n      description\n    }\n  }\n": typeof types.StrategyInfoFieldsFragmentDoc,
    "\n  query Strategies {\n    strategies {\n      ...StrategyInfoFields\n    }\n  }\n": typeof types.StrategiesDocument,
    "\n  query ViewerScopes {\n    viewer {\n      authenticated\n      keyName\n      scopes\n    }\n  }\n": typeof types.ViewerScopesDocument,
};
const documents: Documents = {
    "\n  query UserIdSuggestions($prefix: String!) {\n    userIds(prefix: $prefix, limit: 10)\n  }\n": types.UserIdSuggestionsDocument,
    "\n  fragment AdminItem on Item {\n    id\n    title\n    displayTitle\n    categories\n    description\n    publishedAt\n    year\n    hidden\n    attributes\n  }\n": types.AdminItemFragmentDoc,
    "\n  mutation UpsertItem($input: ItemInput!) {\n    upsertItems(inputs: [$input]) {\n      ...AdminItem\n    }\n  }\n": types.UpsertItemDocument,
    "\n  mutation DeleteItem($id: ID!) {\n    deleteItem(id: $id)\n  }\n": types.DeleteItemDocument,
    "\n  query ItemIdTaken($id: ID!) {\n    item(id: $id) {\n      id\n      displayTitle\n    }\n  }\n": types.ItemIdTakenDocument,
    "\n  query AdminItems($search: String, $after: String) {\n    items(search: $search, first: 20, after: $after) {\n      totalCount\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n      edges {\n        node {\n          ...AdminItem\n        }\n      }\n    }\n  }\n": types.AdminItemsDocument,
    "\n  mutation SetItemHidden($id: ID!, $title: String!, $hidden: Boolean!) {\n    upsertItems(inputs: [{ id: $id, title: $title, hidden: $hidden }]) {\n      ...AdminItem\n    }\n  }\n": types.SetItemHiddenDocument,
    "\n  fragment CatalogRow on Item {\n    id\n    displayTitle\n    year\n    categories\n    hidden\n    averageRating\n    ratingCount\n  }\n": types.CatalogRowFragmentDoc,
    "\n  query CatalogItems($search: String, $genre: String, $after: String) {\n    items(search: $search, genre: $genre, first: 20, after: $after) {\n      totalCount\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n      edges {\n        node {\n          ...CatalogRow\n        }\n      }\n    }\n  }\n": types.CatalogItemsDocument,
    "\n  query Categories {\n    genres\n  }\n": types.CategoriesDocument,
    "\n  query ItemDetails($id: ID!) {\n    item(id: $id) {\n      ...CatalogRow\n      description\n      ratingDistribution {\n        rating\n        count\n      }\n      similar(limit: 10) {\n        ...CatalogRow\n      }\n    }\n  }\n": types.ItemDetailsDocument,
    "\n  query CompareStrategies($userId: ID!) {\n    compareStrategies(userId: $userId, limit: 10) {\n      ...CompareColumn\n    }\n    user(id: $userId) {\n      id\n      ratingCount\n      ratings(first: 100) {\n        edges {\n          node {\n            rating\n            item {\n              id\n              categories\n            }\n          }\n        }\n      }\n    }\n  }\n": types.CompareStrategiesDocument,
    "\n  fragment CompareColumn on StrategyRecommendations {\n    strategy\n    recommendations {\n      score\n      reasons\n      item {\n        id\n        displayTitle\n        year\n        categories\n      }\n    }\n  }\n": types.CompareColumnFragmentDoc,
    "\n  query DatasetOverview {\n    datasetStats {\n      users\n      items\n      interactions\n      ratings\n      density\n      ratingHistogram {\n        rating\n        count\n      }\n      interactionsByType {\n        kind\n        polarity\n        count\n      }\n      itemPopularity\n    }\n  }\n": types.DatasetOverviewDocument,
    "\n  fragment ExperimentRow on Experiment {\n    id\n    name\n    metric\n    status\n    leader\n    probabilityLeaderIsBest\n    startedAt\n    stoppedAt\n    arms {\n      name\n      strategy\n      modelVersionId\n      traffic\n      impressions\n      clicks\n      conversions\n      rate\n      rateLow\n      rateHigh\n      probabilityBest\n    }\n  }\n": types.ExperimentRowFragmentDoc,
    "\n  query Experiments {\n    experiments {\n      ...ExperimentRow\n    }\n  }\n": types.ExperimentsDocument,
    "\n  fragment ModelVersionRow on ModelVersion {\n    id\n    strategy\n    status\n    active\n    createdAt\n    trainedSeconds\n    statusReason\n    metrics {\n      k\n      rmse\n      mae\n      precisionAtK\n      recallAtK\n      ndcgAtK\n      mapAtK\n      coverage\n    }\n  }\n": types.ModelVersionRowFragmentDoc,
    "\n  query ModelVersions {\n    models(limit: 50) {\n      ...ModelVersionRow\n    }\n  }\n": types.ModelVersionsDocument,
    "\n  mutation ActivateModel($id: ID!) {\n    activateModel(id: $id) {\n      ...ModelVersionRow\n    }\n  }\n": types.ActivateModelDocument,
    "\n  query OnlineByStrategy($from: DateTime!, $bucket: TimeBucket!) {\n    onlineMetrics(from: $from, groupBy: STRATEGY, bucket: $bucket) {\n      strategy\n      bucketStart\n      impressions\n      clicks\n      ctr\n    }\n  }\n": types.OnlineByStrategyDocument,
    "\n  fragment TrainingJobRow on TrainingJob {\n    id\n    strategy\n    status\n    stage\n    progress\n    epoch\n    loss\n    error\n    reason\n    createdAt\n    startedAt\n    finishedAt\n    modelVersion {\n      id\n      active\n      statusReason\n    }\n  }\n": types.TrainingJobRowFragmentDoc,
    "\n  query TrainingJobs {\n    trainingJobs(limit: 20) {\n      ...TrainingJobRow\n    }\n  }\n": types.TrainingJobsDocument,
    "\n  mutation TrainModel($strategy: Strategy!, $params: JSON) {\n    trainModel(strategy: $strategy, params: $params) {\n      ...TrainingJobRow\n    }\n  }\n": types.TrainModelDocument,
    "\n  query TrainingJobProgress($id: ID!) {\n    trainingJob(id: $id) {\n      ...TrainingJobRow\n    }\n  }\n": types.TrainingJobProgressDocument,
    "\n  query OnlineByVersion($from: DateTime!) {\n    onlineMetrics(from: $from, groupBy: MODEL_VERSION, bucket: DAY) {\n      modelVersionId\n      impressions\n      clicks\n      conversions\n    }\n  }\n": types.OnlineByVersionDocument,
    "\n  fragment RatingHistoryRow on Rating {\n    rating\n    ratedAt\n    item {\n      id\n      displayTitle\n      year\n    }\n  }\n": types.RatingHistoryRowFragmentDoc,
    "\n  query RatingHistory($userId: ID!, $first: Int!) {\n    user(id: $userId) {\n      id\n      ratingCount\n      interactionCount\n      ratings(first: $first) {\n        totalCount\n        pageInfo {\n          hasNextPage\n        }\n        edges {\n          node {\n            ...RatingHistoryRow\n          }\n        }\n      }\n    }\n  }\n": types.RatingHistoryDocument,
    "\n  fragment RecommendationCard on Recommendation {\n    score\n    strategy\n    reasons\n    item {\n      id\n      displayTitle\n      year\n      categories\n      averageRating\n      ratingCount\n    }\n  }\n": types.RecommendationCardFragmentDoc,
    "\n  query Recommendations($userId: ID!, $strategy: Strategy!, $limit: Int!) {\n    recommendations(userId: $userId, strategy: $strategy, limit: $limit) {\n      ...RecommendationCard\n    }\n  }\n": types.RecommendationsDocument,
    "\n  mutation RateItem($input: RateItemInput!) {\n    rateItem(input: $input) {\n      rating\n      ratedAt\n      item {\n        id\n        ratingCount\n        averageRating\n      }\n    }\n  }\n": types.RateItemDocument,
    "\n  query TasteMapStrategies {\n    strategies {\n      name\n      hasTasteMap\n    }\n  }\n": types.TasteMapStrategiesDocument,
    "\n  query TasteMap($strategy: Strategy!, $userId: ID, $limit: Int!) {\n    tasteMap(strategy: $strategy, userId: $userId, limit: $limit) {\n      strategy\n      modelVersionId\n      explainedVariance\n      items {\n        item {\n          id\n          displayTitle\n          year\n        }\n        x\n        y\n        popularity\n        rated\n        recommended\n      }\n      user {\n        x\n        y\n      }\n    }\n  }\n": types.TasteMapDocument,
    "\n  mutation CreateUser($input: CreateUserInput!) {\n    createUser(input: $input) {\n      id\n      ratingCount\n    }\n  }\n": types.CreateUserDocument,
    "\n  query UserToDelete($id: ID!) {\n    user(id: $id) {\n      id\n      interactionCount\n    }\n  }\n": types.UserToDeleteDocument,
    "\n  mutation DeleteUser($id: ID!) {\n    deleteUser(id: $id)\n  }\n": types.DeleteUserDocument,
    "\n  query ColdStartRecommendations($userId: ID!) {\n    user(id: $userId) {\n      id\n      ratingCount\n    }\n    recommendations(userId: $userId, strategy: AUTO, limit: 10) {\n      ...RecommendationCard\n    }\n  }\n": types.ColdStartRecommendationsDocument,
    "\n  query PopularPicks {\n    popularItems(limit: 24) {\n      id\n      displayTitle\n      year\n      categories\n    }\n  }\n": types.PopularPicksDocument,
    "\n  fragment StrategyInfoFields on StrategyInfo {\n    name\n    description\n    personalized\n    predictsRatings\n    trainable\n    served\n    params {\n      name\n      kind\n      min\n      max\n      minExclusive\n      default\n      choices\n      description\n    }\n  }\n": types.StrategyInfoFieldsFragmentDoc,
    "\n  query Strategies {\n    strategies {\n      ...StrategyInfoFields\n    }\n  }\n": types.StrategiesDocument,
    "\n  query ViewerScopes {\n    viewer {\n      authenticated\n      keyName\n      scopes\n    }\n  }\n": types.ViewerScopesDocument,
};

/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 *
 *
 * @example
 * ```ts
 * const query = graphql(`query GetUser($id: ID!) { user(id: $id) { name } }`);
 * ```
 *
 * The query argument is unknown!
 * Please regenerate the types.
 */
export function graphql(source: string): unknown;

/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query UserIdSuggestions($prefix: String!) {\n    userIds(prefix: $prefix, limit: 10)\n  }\n"): (typeof documents)["\n  query UserIdSuggestions($prefix: String!) {\n    userIds(prefix: $prefix, limit: 10)\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment AdminItem on Item {\n    id\n    title\n    displayTitle\n    categories\n    description\n    publishedAt\n    year\n    hidden\n    attributes\n  }\n"): (typeof documents)["\n  fragment AdminItem on Item {\n    id\n    title\n    displayTitle\n    categories\n    description\n    publishedAt\n    year\n    hidden\n    attributes\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation UpsertItem($input: ItemInput!) {\n    upsertItems(inputs: [$input]) {\n      ...AdminItem\n    }\n  }\n"): (typeof documents)["\n  mutation UpsertItem($input: ItemInput!) {\n    upsertItems(inputs: [$input]) {\n      ...AdminItem\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation DeleteItem($id: ID!) {\n    deleteItem(id: $id)\n  }\n"): (typeof documents)["\n  mutation DeleteItem($id: ID!) {\n    deleteItem(id: $id)\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query ItemIdTaken($id: ID!) {\n    item(id: $id) {\n      id\n      displayTitle\n    }\n  }\n"): (typeof documents)["\n  query ItemIdTaken($id: ID!) {\n    item(id: $id) {\n      id\n      displayTitle\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query AdminItems($search: String, $after: String) {\n    items(search: $search, first: 20, after: $after) {\n      totalCount\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n      edges {\n        node {\n          ...AdminItem\n        }\n      }\n    }\n  }\n"): (typeof documents)["\n  query AdminItems($search: String, $after: String) {\n    items(search: $search, first: 20, after: $after) {\n      totalCount\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n      edges {\n        node {\n          ...AdminItem\n        }\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation SetItemHidden($id: ID!, $title: String!, $hidden: Boolean!) {\n    upsertItems(inputs: [{ id: $id, title: $title, hidden: $hidden }]) {\n      ...AdminItem\n    }\n  }\n"): (typeof documents)["\n  mutation SetItemHidden($id: ID!, $title: String!, $hidden: Boolean!) {\n    upsertItems(inputs: [{ id: $id, title: $title, hidden: $hidden }]) {\n      ...AdminItem\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment CatalogRow on Item {\n    id\n    displayTitle\n    year\n    categories\n    hidden\n    averageRating\n    ratingCount\n  }\n"): (typeof documents)["\n  fragment CatalogRow on Item {\n    id\n    displayTitle\n    year\n    categories\n    hidden\n    averageRating\n    ratingCount\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query CatalogItems($search: String, $genre: String, $after: String) {\n    items(search: $search, genre: $genre, first: 20, after: $after) {\n      totalCount\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n      edges {\n        node {\n          ...CatalogRow\n        }\n      }\n    }\n  }\n"): (typeof documents)["\n  query CatalogItems($search: String, $genre: String, $after: String) {\n    items(search: $search, genre: $genre, first: 20, after: $after) {\n      totalCount\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n      edges {\n        node {\n          ...CatalogRow\n        }\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query Categories {\n    genres\n  }\n"): (typeof documents)["\n  query Categories {\n    genres\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query ItemDetails($id: ID!) {\n    item(id: $id) {\n      ...CatalogRow\n      description\n      ratingDistribution {\n        rating\n        count\n      }\n      similar(limit: 10) {\n        ...CatalogRow\n      }\n    }\n  }\n"): (typeof documents)["\n  query ItemDetails($id: ID!) {\n    item(id: $id) {\n      ...CatalogRow\n      description\n      ratingDistribution {\n        rating\n        count\n      }\n      similar(limit: 10) {\n        ...CatalogRow\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query CompareStrategies($userId: ID!) {\n    compareStrategies(userId: $userId, limit: 10) {\n      ...CompareColumn\n    }\n    user(id: $userId) {\n      id\n      ratingCount\n      ratings(first: 100) {\n        edges {\n          node {\n            rating\n            item {\n              id\n              categories\n            }\n          }\n        }\n      }\n    }\n  }\n"): (typeof documents)["\n  query CompareStrategies($userId: ID!) {\n    compareStrategies(userId: $userId, limit: 10) {\n      ...CompareColumn\n    }\n    user(id: $userId) {\n      id\n      ratingCount\n      ratings(first: 100) {\n        edges {\n          node {\n            rating\n            item {\n              id\n              categories\n            }\n          }\n        }\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment CompareColumn on StrategyRecommendations {\n    strategy\n    recommendations {\n      score\n      reasons\n      item {\n        id\n        displayTitle\n        year\n        categories\n      }\n    }\n  }\n"): (typeof documents)["\n  fragment CompareColumn on StrategyRecommendations {\n    strategy\n    recommendations {\n      score\n      reasons\n      item {\n        id\n        displayTitle\n        year\n        categories\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query DatasetOverview {\n    datasetStats {\n      users\n      items\n      interactions\n      ratings\n      density\n      ratingHistogram {\n        rating\n        count\n      }\n      interactionsByType {\n        kind\n        polarity\n        count\n      }\n      itemPopularity\n    }\n  }\n"): (typeof documents)["\n  query DatasetOverview {\n    datasetStats {\n      users\n      items\n      interactions\n      ratings\n      density\n      ratingHistogram {\n        rating\n        count\n      }\n      interactionsByType {\n        kind\n        polarity\n        count\n      }\n      itemPopularity\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment ExperimentRow on Experiment {\n    id\n    name\n    metric\n    status\n    leader\n    probabilityLeaderIsBest\n    startedAt\n    stoppedAt\n    arms {\n      name\n      strategy\n      modelVersionId\n      traffic\n      impressions\n      clicks\n      conversions\n      rate\n      rateLow\n      rateHigh\n      probabilityBest\n    }\n  }\n"): (typeof documents)["\n  fragment ExperimentRow on Experiment {\n    id\n    name\n    metric\n    status\n    leader\n    probabilityLeaderIsBest\n    startedAt\n    stoppedAt\n    arms {\n      name\n      strategy\n      modelVersionId\n      traffic\n      impressions\n      clicks\n      conversions\n      rate\n      rateLow\n      rateHigh\n      probabilityBest\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query Experiments {\n    experiments {\n      ...ExperimentRow\n    }\n  }\n"): (typeof documents)["\n  query Experiments {\n    experiments {\n      ...ExperimentRow\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment ModelVersionRow on ModelVersion {\n    id\n    strategy\n    status\n    active\n    createdAt\n    trainedSeconds\n    statusReason\n    metrics {\n      k\n      rmse\n      mae\n      precisionAtK\n      recallAtK\n      ndcgAtK\n      mapAtK\n      coverage\n    }\n  }\n"): (typeof documents)["\n  fragment ModelVersionRow on ModelVersion {\n    id\n    strategy\n    status\n    active\n    createdAt\n    trainedSeconds\n    statusReason\n    metrics {\n      k\n      rmse\n      mae\n      precisionAtK\n      recallAtK\n      ndcgAtK\n      mapAtK\n      coverage\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query ModelVersions {\n    models(limit: 50) {\n      ...ModelVersionRow\n    }\n  }\n"): (typeof documents)["\n  query ModelVersions {\n    models(limit: 50) {\n      ...ModelVersionRow\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation ActivateModel($id: ID!) {\n    activateModel(id: $id) {\n      ...ModelVersionRow\n    }\n  }\n"): (typeof documents)["\n  mutation ActivateModel($id: ID!) {\n    activateModel(id: $id) {\n      ...ModelVersionRow\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query OnlineByStrategy($from: DateTime!, $bucket: TimeBucket!) {\n    onlineMetrics(from: $from, groupBy: STRATEGY, bucket: $bucket) {\n      strategy\n      bucketStart\n      impressions\n      clicks\n      ctr\n    }\n  }\n"): (typeof documents)["\n  query OnlineByStrategy($from: DateTime!, $bucket: TimeBucket!) {\n    onlineMetrics(from: $from, groupBy: STRATEGY, bucket: $bucket) {\n      strategy\n      bucketStart\n      impressions\n      clicks\n      ctr\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment TrainingJobRow on TrainingJob {\n    id\n    strategy\n    status\n    stage\n    progress\n    epoch\n    loss\n    error\n    reason\n    createdAt\n    startedAt\n    finishedAt\n    modelVersion {\n      id\n      active\n      statusReason\n    }\n  }\n"): (typeof documents)["\n  fragment TrainingJobRow on TrainingJob {\n    id\n    strategy\n    status\n    stage\n    progress\n    epoch\n    loss\n    error\n    reason\n    createdAt\n    startedAt\n    finishedAt\n    modelVersion {\n      id\n      active\n      statusReason\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query TrainingJobs {\n    trainingJobs(limit: 20) {\n      ...TrainingJobRow\n    }\n  }\n"): (typeof documents)["\n  query TrainingJobs {\n    trainingJobs(limit: 20) {\n      ...TrainingJobRow\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation TrainModel($strategy: Strategy!, $params: JSON) {\n    trainModel(strategy: $strategy, params: $params) {\n      ...TrainingJobRow\n    }\n  }\n"): (typeof documents)["\n  mutation TrainModel($strategy: Strategy!, $params: JSON) {\n    trainModel(strategy: $strategy, params: $params) {\n      ...TrainingJobRow\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query TrainingJobProgress($id: ID!) {\n    trainingJob(id: $id) {\n      ...TrainingJobRow\n    }\n  }\n"): (typeof documents)["\n  query TrainingJobProgress($id: ID!) {\n    trainingJob(id: $id) {\n      ...TrainingJobRow\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query OnlineByVersion($from: DateTime!) {\n    onlineMetrics(from: $from, groupBy: MODEL_VERSION, bucket: DAY) {\n      modelVersionId\n      impressions\n      clicks\n      conversions\n    }\n  }\n"): (typeof documents)["\n  query OnlineByVersion($from: DateTime!) {\n    onlineMetrics(from: $from, groupBy: MODEL_VERSION, bucket: DAY) {\n      modelVersionId\n      impressions\n      clicks\n      conversions\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment RatingHistoryRow on Rating {\n    rating\n    ratedAt\n    item {\n      id\n      displayTitle\n      year\n    }\n  }\n"): (typeof documents)["\n  fragment RatingHistoryRow on Rating {\n    rating\n    ratedAt\n    item {\n      id\n      displayTitle\n      year\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query RatingHistory($userId: ID!, $first: Int!) {\n    user(id: $userId) {\n      id\n      ratingCount\n      interactionCount\n      ratings(first: $first) {\n        totalCount\n        pageInfo {\n          hasNextPage\n        }\n        edges {\n          node {\n            ...RatingHistoryRow\n          }\n        }\n      }\n    }\n  }\n"): (typeof documents)["\n  query RatingHistory($userId: ID!, $first: Int!) {\n    user(id: $userId) {\n      id\n      ratingCount\n      interactionCount\n      ratings(first: $first) {\n        totalCount\n        pageInfo {\n          hasNextPage\n        }\n        edges {\n          node {\n            ...RatingHistoryRow\n          }\n        }\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment RecommendationCard on Recommendation {\n    score\n    strategy\n    reasons\n    item {\n      id\n      displayTitle\n      year\n      categories\n      averageRating\n      ratingCount\n    }\n  }\n"): (typeof documents)["\n  fragment RecommendationCard on Recommendation {\n    score\n    strategy\n    reasons\n    item {\n      id\n      displayTitle\n      year\n      categories\n      averageRating\n      ratingCount\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query Recommendations($userId: ID!, $strategy: Strategy!, $limit: Int!) {\n    recommendations(userId: $userId, strategy: $strategy, limit: $limit) {\n      ...RecommendationCard\n    }\n  }\n"): (typeof documents)["\n  query Recommendations($userId: ID!, $strategy: Strategy!, $limit: Int!) {\n    recommendations(userId: $userId, strategy: $strategy, limit: $limit) {\n      ...RecommendationCard\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation RateItem($input: RateItemInput!) {\n    rateItem(input: $input) {\n      rating\n      ratedAt\n      item {\n        id\n        ratingCount\n        averageRating\n      }\n    }\n  }\n"): (typeof documents)["\n  mutation RateItem($input: RateItemInput!) {\n    rateItem(input: $input) {\n      rating\n      ratedAt\n      item {\n        id\n        ratingCount\n        averageRating\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query TasteMapStrategies {\n    strategies {\n      name\n      hasTasteMap\n    }\n  }\n"): (typeof documents)["\n  query TasteMapStrategies {\n    strategies {\n      name\n      hasTasteMap\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query TasteMap($strategy: Strategy!, $userId: ID, $limit: Int!) {\n    tasteMap(strategy: $strategy, userId: $userId, limit: $limit) {\n      strategy\n      modelVersionId\n      explainedVariance\n      items {\n        item {\n          id\n          displayTitle\n          year\n        }\n        x\n        y\n        popularity\n        rated\n        recommended\n      }\n      user {\n        x\n        y\n      }\n    }\n  }\n"): (typeof documents)["\n  query TasteMap($strategy: Strategy!, $userId: ID, $limit: Int!) {\n    tasteMap(strategy: $strategy, userId: $userId, limit: $limit) {\n      strategy\n      modelVersionId\n      explainedVariance\n      items {\n        item {\n          id\n          displayTitle\n          year\n        }\n        x\n        y\n        popularity\n        rated\n        recommended\n      }\n      user {\n        x\n        y\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation CreateUser($input: CreateUserInput!) {\n    createUser(input: $input) {\n      id\n      ratingCount\n    }\n  }\n"): (typeof documents)["\n  mutation CreateUser($input: CreateUserInput!) {\n    createUser(input: $input) {\n      id\n      ratingCount\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query UserToDelete($id: ID!) {\n    user(id: $id) {\n      id\n      interactionCount\n    }\n  }\n"): (typeof documents)["\n  query UserToDelete($id: ID!) {\n    user(id: $id) {\n      id\n      interactionCount\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation DeleteUser($id: ID!) {\n    deleteUser(id: $id)\n  }\n"): (typeof documents)["\n  mutation DeleteUser($id: ID!) {\n    deleteUser(id: $id)\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query ColdStartRecommendations($userId: ID!) {\n    user(id: $userId) {\n      id\n      ratingCount\n    }\n    recommendations(userId: $userId, strategy: AUTO, limit: 10) {\n      ...RecommendationCard\n    }\n  }\n"): (typeof documents)["\n  query ColdStartRecommendations($userId: ID!) {\n    user(id: $userId) {\n      id\n      ratingCount\n    }\n    recommendations(userId: $userId, strategy: AUTO, limit: 10) {\n      ...RecommendationCard\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query PopularPicks {\n    popularItems(limit: 24) {\n      id\n      displayTitle\n      year\n      categories\n    }\n  }\n"): (typeof documents)["\n  query PopularPicks {\n    popularItems(limit: 24) {\n      id\n      displayTitle\n      year\n      categories\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment StrategyInfoFields on StrategyInfo {\n    name\n    description\n    personalized\n    predictsRatings\n    trainable\n    served\n    params {\n      name\n      kind\n      min\n      max\n      minExclusive\n      default\n      choices\n      description\n    }\n  }\n"): (typeof documents)["\n  fragment StrategyInfoFields on StrategyInfo {\n    name\n    description\n    personalized\n    predictsRatings\n    trainable\n    served\n    params {\n      name\n      kind\n      min\n      max\n      minExclusive\n      default\n      choices\n      description\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query Strategies {\n    strategies {\n      ...StrategyInfoFields\n    }\n  }\n"): (typeof documents)["\n  query Strategies {\n    strategies {\n      ...StrategyInfoFields\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query ViewerScopes {\n    viewer {\n      authenticated\n      keyName\n      scopes\n    }\n  }\n"): (typeof documents)["\n  query ViewerScopes {\n    viewer {\n      authenticated\n      keyName\n      scopes\n    }\n  }\n"];

export function graphql(source: string) {
  return (documents as any)[source] ?? {};
}

export type DocumentType<TDocumentNode extends DocumentNode<any, any>> = TDocumentNode extends DocumentNode<  infer TType,  any>  ? TType  : never;