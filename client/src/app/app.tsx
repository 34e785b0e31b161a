import type { ApolloClient } from '@apollo/client';
import { ApolloProvider } from '@apollo/client/react';
import { lazy, Suspense } from 'react';
import { BrowserRouter, Route, Routes } from 'react-router-dom';
import { Loading } from '../components/status';
import { ApiPage } from '../features/api-docs/api-page';
import { CatalogAdminPage } from '../features/catalog-admin/catalog-admin-page';
import { CatalogPage } from '../features/catalog/catalog-page';
import { ComparePage } from '../features/compare/compare-page';
import { RecommendPage } from '../features/recommendations/recommend-page';
import { NewUserPage } from '../features/users/new-user-page';
import { Layout } from './layout';

// the pages with charts load recharts on first visit, keeping the home page's bundle small
const ItemPage = lazy(() => import('../features/catalog/item-page').then((m) => ({ default: m.ItemPage })));
const DashboardPage = lazy(() => import('../features/dashboard/dashboard-page').then((m) => ({ default: m.DashboardPage })));

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
            <Route path="admin/catalog" element={<CatalogAdminPage />} />
            <Route path="items/:id" element={<Suspense fallback={<Loading />}><ItemPage /></Suspense>} />
            <Route path="dashboard" element={<Suspense fallback={<Loading />}><DashboardPage /></Suspense>} />
            <Route path="api" element={<ApiPage />} />
            <Route path="*" element={<NotFound />} />
          </Route>
        </Routes>
      </BrowserRouter>
    </ApolloProvider>
  );
}
