import type { ApolloClient } from '@apollo/client';
import { ApolloProvider } from '@apollo/client/react';
import { BrowserRouter, Route, Routes } from 'react-router-dom';
import { ApiPage } from '../features/api-docs/api-page';
import { CatalogPage } from '../features/catalog/catalog-page';
import { ItemPage } from '../features/catalog/item-page';
import { ComparePage } from '../features/compare/compare-page';
import { DashboardPage } from '../features/dashboard/dashboard-page';
import { RecommendPage } from '../features/recommendations/recommend-page';
import { NewUserPage } from '../features/users/new-user-page';
import { Layout } from './layout';

function NotFound() {
  return (
    <div className="page">
      <h1>Page not found</h1>
    </div>
  );
}

export function App({ client }: { client: ApolloClient }) {
  return (
    <ApolloProvider client={client}>
      <BrowserRouter>
        <Routes>
          <Route element={<Layout />}>
            <Route index element={<RecommendPage />} />
            <Route path="compare" element={<ComparePage />} />
            <Route path="new-user" element={<NewUserPage />} />
            <Route path="catalog" element={<CatalogPage />} />
            <Route path="items/:id" element={<ItemPage />} />
            <Route path="dashboard" element={<DashboardPage />} />
            <Route path="api" element={<ApiPage />} />
            <Route path="*" element={<NotFound />} />
          </Route>
        </Routes>
      </BrowserRouter>
    </ApolloProvider>
  );
}
