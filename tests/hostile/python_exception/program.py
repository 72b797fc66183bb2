raise ValueError('student bug')
